#!/usr/bin/env python3
"""Checks a release staging directory (mvn -Prelease deploy -> target/staging-deploy) against what Maven Central
requires, and zips it as a Central Portal bundle.

  release/check-bundle.py [--unsigned] STAGING_DIR BUNDLE_ZIP

For every artifact staged: the POM carries name, description, url, licence, SCM and developers (its own or its
parent's, which must be in the same staging); a jar module has its jar, sources jar, javadoc jar and CycloneDX SBOM
(JSON and XML), and its jar a module descriptor; no module names a dependency or plugin version of its own (they
come from the parent); every file has correct .md5 and .sha1 files and, unless --unsigned
(the CI dry run, which does not sign), a .asc signature. The staged artifacts must be exactly the BOM's list plus the
parent and the BOM. The zip holds the files in a fixed order with fixed times, so it is reproducible too.
Exit 0 when all holds, 1 with one line per problem otherwise."""
import hashlib
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
GROUP_PATH = Path("dev/llmrouter")
PARENT, BOM = "llm-router-parent", "llm-router-bom"


def text(pom, path):
    node = pom.find(path, NS)
    return node.text.strip() if node is not None and node.text and node.text.strip() else None


def main(argv):
    unsigned = "--unsigned" in argv
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        return 2
    staging, bundle = Path(args[0]), Path(args[1])
    problems = []
    group = staging / GROUP_PATH
    if not group.is_dir():
        print(f"FAILED: no {GROUP_PATH} under {staging}")
        return 1
    artifacts = sorted(p.name for p in group.iterdir() if p.is_dir())
    poms, versions = {}, {}
    for a in artifacts:
        dirs = [d for d in (group / a).iterdir() if d.is_dir()]
        if len(dirs) != 1:
            problems.append(f"{a}: expected one version, found {[d.name for d in dirs]}")
            continue
        v = dirs[0].name
        versions[a] = v
        if v.endswith("-SNAPSHOT"):
            problems.append(f"{a}: {v} is a snapshot; Central takes releases only")
        pom_file = dirs[0] / f"{a}-{v}.pom"
        if not pom_file.is_file():
            problems.append(f"{a}: no POM")
            continue
        poms[a] = ET.parse(pom_file).getroot()

    # the BOM names every published module, and nothing else is staged
    if BOM in poms:
        listed = {text(d, "m:artifactId") for d in poms[BOM].findall("m:dependencyManagement/m:dependencies/m:dependency", NS)}
        if poms[BOM].find("m:parent", NS) is not None:
            problems.append(f"{BOM}: the published BOM has a parent (it must be flattened)")
        expected = listed | {PARENT, BOM}
        if set(artifacts) != expected:
            problems.append(f"staged {sorted(set(artifacts) - expected)} not in the BOM; "
                            f"in the BOM but not staged {sorted(expected - set(artifacts))}")
    else:
        problems.append(f"no {BOM} staged")

    for a, pom in poms.items():
        v = versions[a]
        d = group / a / v
        parent = poms.get(PARENT) if pom.find("m:parent", NS) is not None else None
        if pom.find("m:parent", NS) is not None and text(pom, "m:parent/m:artifactId") != PARENT:
            problems.append(f"{a}: parent {text(pom, 'm:parent/m:artifactId')} is not {PARENT}")

        def inherited(path):
            return text(pom, path) or (text(parent, path) if parent is not None else None)
        for path, what in [("m:name", "name"), ("m:description", "description")]:
            if not text(pom, path):
                problems.append(f"{a}: no {what} of its own")
        for path, what in [("m:url", "url"), ("m:licenses/m:license/m:name", "licence name"),
                           ("m:licenses/m:license/m:url", "licence url"), ("m:scm/m:url", "SCM url"),
                           ("m:scm/m:connection", "SCM connection"),
                           ("m:developers/m:developer/m:name", "developer")]:
            if not inherited(path):
                problems.append(f"{a}: no {what}")
        if inherited("m:licenses/m:license/m:name") not in (None, "Apache-2.0"):
            problems.append(f"{a}: licence is {inherited('m:licenses/m:license/m:name')}, not Apache-2.0")
        if a not in (PARENT, BOM):
            # every version comes from the parent: a module names none but its siblings' ${project.version}
            for dep in pom.findall("m:dependencies/m:dependency", NS) + pom.findall("m:build/m:plugins/m:plugin", NS):
                dv = text(dep, "m:version")
                if dv not in (None, "${project.version}"):
                    problems.append(f"{a}: {text(dep, 'm:artifactId')} has its own version {dv}, not the parent's")
        packaging = text(pom, "m:packaging") or "jar"
        wanted = [f"{a}-{v}.pom"]
        if packaging == "jar":
            wanted += [f"{a}-{v}.jar", f"{a}-{v}-sources.jar", f"{a}-{v}-javadoc.jar", f"{a}-{v}-cyclonedx.json",
                       f"{a}-{v}-cyclonedx.xml"]
        for w in wanted:
            if not (d / w).is_file():
                problems.append(f"{a}: missing {w}")
        if packaging == "jar" and (d / f"{a}-{v}.jar").is_file():
            with zipfile.ZipFile(d / f"{a}-{v}.jar") as jar:
                if "module-info.class" not in jar.namelist():
                    problems.append(f"{a}: the jar has no module-info.class")
        if packaging == "jar" and (d / f"{a}-{v}-javadoc.jar").is_file():
            with zipfile.ZipFile(d / f"{a}-{v}-javadoc.jar") as jar:
                if "index.html" not in jar.namelist():
                    problems.append(f"{a}: the javadoc jar has no index.html")
        for f in sorted(d.iterdir()):
            if f.name.startswith("maven-metadata") or f.suffix in (".md5", ".sha1", ".sha256", ".sha512", ".asc"):
                continue
            data = f.read_bytes()
            for ext, algo in [(".md5", hashlib.md5), (".sha1", hashlib.sha1)]:
                c = f.with_name(f.name + ext)
                if not c.is_file():
                    problems.append(f"{a}: {f.name} has no {ext}")
                elif c.read_text().split()[0] != algo(data).hexdigest():
                    problems.append(f"{a}: {f.name}{ext} does not match")
            if not unsigned and not f.with_name(f.name + ".asc").is_file():
                problems.append(f"{a}: {f.name} is not signed")

    if problems:
        for p in problems:
            print("FAILED:", p)
        return 1

    files = sorted(p for p in staging.rglob("*") if p.is_file() and not p.name.startswith("maven-metadata"))
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            info = zipfile.ZipInfo(f.relative_to(staging).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, f.read_bytes())
    print(f"bundle {bundle}: {len(artifacts)} artifacts ({', '.join(f'{a} {versions[a]}' for a in artifacts)}), "
          f"{len(files)} files, {'unsigned (dry run)' if unsigned else 'signed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
