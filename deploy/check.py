#!/usr/bin/env python3
"""Static checks of the deployment artifacts under deploy/: no Docker engine or cluster needed.

    python3 deploy/check.py                      # exit 0 when every check passes, 1 otherwise
    python3 deploy/check.py -v                   # also list each passing check
    python3 deploy/check.py --emit-configs DIR   # also write the proxy configs for a Java test (below)

Needs Python 3.11 and PyYAML; runs `nginx -t` when nginx is installed (else fails; --skip-nginx to skip) and
`kubectl kustomize` when kubectl is installed (offline; skipped otherwise).

What it checks:
  yaml        every *.yml / *.yaml under deploy/ parses (all documents)
  secrets     no file under deploy/ holds something shaped like a real key or a password in a URL (placeholders
              say "replace-me"); compose secrets come from ${VAR}; config secrets from os.environ/ or ${VAR}
  dockerfile  maven:3.9-eclipse-temurin-17 build (poms copied and resolved before the sources, then
              `mvn -B -q -DskipTests package`), eclipse-temurin JRE runtime with a numeric non-root USER that
              copies only the shaded jar, EXPOSE 4000, HEALTHCHECK on /health/liveliness, OCI labels (version = the
              POM's, source = its SCM url, licence, revision), and an ENTRYPOINT + CMD
              of `java ... -jar <that jar> --config X --port 4000 --host 0.0.0.0`; .dockerignore keeps target/,
              .git and .env out
  compose     three proxies built from deploy/Dockerfile with the repository as context, each with a healthcheck,
              depends_on postgres and redis with condition service_healthy, config.yaml mounted read-only at the
              Dockerfile's --config path, every variable the config reads in its environment, a stop grace
              period longer than the proxy's 30 s drain; nginx publishing 4000 with nginx.conf mounted; postgres:16
              and redis:7 with healthchecks; prometheus, grafana, loki and promtail; bind-mount sources exist;
              every ${VAR} without a default is in .env.example, whose values are placeholders
  configs     both config.yaml files (compose, and the one in the Kubernetes ConfigMap): master key and
              database_url from the environment, Redis state and cache settings, a valid redis_failure_mode
  nginx       upstream = the compose proxies on their port, SSE settings (no buffering either way, HTTP/1.1,
              Connection ""), upstream keepalive that ends before the proxy's idle timeout, 600 s read timeout,
              proxy_next_upstream without non_idempotent or http_5xx, a body limit not below the proxy's; then
              `nginx -t` on a copy whose upstream hosts are 127.0.0.1, in a temporary prefix
  monitoring  Prometheus scrapes every proxy on metrics_port; Grafana's data sources point at the prometheus and
              loki services on their ports; Promtail pushes to Loki and selects the label the proxies carry
  kubernetes  kustomization resources exist and cover the manifests; Deployment replicas 3, probes on
              /health/liveliness and /health/readiness at the container's port 4000, requests and limits, args
              whose --config file is where the ConfigMap key is mounted (same path as the Dockerfile's), every
              secretKeyRef / configMapKeyRef resolving (against secret.example.yaml for the Secret), every
              variable the config reads set, non-root with a read-only root filesystem and emptyDirs for /tmp and
              LLM_ROUTER_DATA_DIR, a grace period covering preStop + drain; Service ClusterIP port 4000 onto that
              port, selecting the pod labels; PodDisruptionBudget selecting them too

--emit-configs DIR writes DIR/compose-config.yaml and DIR/kubernetes-config.yaml (the two configs, verbatim) and
next to each a .env file (NAME=value lines, java.util.Properties-readable): the proxy's environment as that
deployment defines it, with .env.example's or secret.example.yaml's placeholders for the secrets, so that
`new ConfigLoader(env).load(file)` sees what a proxy would.
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
COMPOSE_DIR = DEPLOY / "compose"
K8S_DIR = DEPLOY / "kubernetes"
DOCKERFILE = DEPLOY / "Dockerfile"
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}

PROXY_PORT = 4000
JAR = "llm-router-server-adapter/target/llm-router-server.jar"
AOT_SCRIPT = "deploy/aot-cache.sh"  # makes the AOT cache in the image (JDK 25)
DRAIN_SECONDS = 30          # ProxySettings' drain timeout on SIGTERM
PROXY_IDLE_SECONDS = 30     # the proxies' connection idle timeout (general_settings.request_body_timeout default)
LIVELINESS = "/health/liveliness"
READINESS = "/health/readiness"

# Things shaped like real credentials. A match that says "replace-me" is a placeholder.
SECRET_PATTERNS = [
    ("an OpenAI/Anthropic/OpenRouter-style key", re.compile(r"\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_\-]{16,}")),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a password inside a URL", re.compile(r"[a-z][a-z0-9+.\-]*://[^/\s:@'\"]+:(?!\$\{)[^@\s/'\"]+@")),
]
PLACEHOLDER = re.compile(r"replace-me", re.IGNORECASE)
SECRET_ENV_NAME = re.compile(r"(KEY|PASSWORD|SECRET|TOKEN|CREDENTIALS?|DATABASE_URL|REDIS_URL)$")
SECRET_CONFIG_KEYS = {"api_key", "master_key", "password", "redis_password", "database_url", "redis_url"}
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}")


class Checks:
    """Collects results per section; failures carry a message saying what is wrong and where."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.section = ""
        self.results: dict[str, list[tuple[bool, str]]] = {}

    def start(self, section: str) -> None:
        self.section = section
        self.results.setdefault(section, [])

    def ok(self, condition: bool, message: str) -> bool:
        self.results[self.section].append((bool(condition), message))
        return bool(condition)

    def fail(self, message: str) -> None:
        self.ok(False, message)

    def note(self, message: str) -> None:
        print(f"note {self.section}: {message}")

    def report(self) -> int:
        failed = 0
        for section, results in self.results.items():
            bad = [m for good, m in results if not good]
            failed += len(bad)
            print(f"{'FAIL' if bad else 'ok  '} {section}: {len(results) - len(bad)}/{len(results)} checks passed")
            for good, message in results:
                if not good:
                    print(f"       FAIL {message}")
                elif self.verbose:
                    print(f"       ok   {message}")
        total = sum(len(r) for r in self.results.values())
        if failed:
            print(f"\n{failed} of {total} checks FAILED")
            return 1
        print(f"\nall {total} checks passed")
        return 0


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# --- small parsers -----------------------------------------------------------------------------------------------

def seconds(value, default_unit: str = "s") -> float | None:
    """'45s', '1m30s', '600', 600 -> seconds (compose and nginx durations)."""
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        text += default_unit
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * units[u] for n, u in parts)


def nginx_size_mb(value: str) -> float | None:
    m = re.fullmatch(r"(\d+)([kKmMgG]?)", value.strip())
    if not m:
        return None
    n = int(m.group(1))
    return {"": n / 1024 / 1024, "k": n / 1024, "m": n, "g": n * 1024}[m.group(2).lower()]


def flags(argv: list[str]) -> dict[str, str]:
    """--name value / --name=value pairs of a command line."""
    out = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            out[k] = v
        elif a.startswith("--") and i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            out[a] = argv[i + 1]
            i += 1
        elif a.startswith("--"):
            out[a] = ""
        i += 1
    return out


def config_env_vars(text: str) -> set[str]:
    """Variables a config.yaml needs: values os.environ/NAME and ${NAME} without a default (comments aside)."""
    try:
        tree = yaml.safe_load(text)
    except yaml.YAMLError:
        return set()
    names = set()
    for _, value in walk_strings(tree):
        if value.strip().startswith("os.environ/"):
            names.add(value.strip()[len("os.environ/"):].strip())
        for m in ENV_REF.finditer(value):
            if m.group(2) is None:
                names.add(m.group(1))
    return names


def compose_interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err} and $$."""
    def sub(m: re.Match) -> str:
        name, op, arg = m.group(1), m.group(2), m.group(3)
        v = env.get(name)
        if op in (":-",) and not v:
            return arg or ""
        if op == "-" and v is None:
            return arg or ""
        return v or ""
    out = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([^}]*))?}", sub, value.replace("$$", "\0"))
    return out.replace("\0", "$")


def compose_vars(value: str) -> list[tuple[str, bool]]:
    """(name, has_default) for each ${...} in a compose value; $$ is a literal dollar."""
    out = []
    for m in re.finditer(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:-|-|:\?|\?)?[^}]*}", value.replace("$$", "")):
        out.append((m.group(1), m.group(2) in (":-", "-")))
    return out


def walk_strings(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk_strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def env_dict(environment) -> dict[str, str]:
    if isinstance(environment, dict):
        return {str(k): "" if v is None else str(v) for k, v in environment.items()}
    out = {}
    for item in environment or []:
        k, _, v = str(item).partition("=")
        out[k] = v
    return out


# --- yaml --------------------------------------------------------------------------------------------------------

def check_yaml(c: Checks) -> dict[Path, list]:
    c.start("yaml")
    docs = {}
    files = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    c.ok(files, "deploy/ has YAML files")
    for p in files:
        try:
            docs[p] = [d for d in yaml.safe_load_all(p.read_text()) if d is not None]
            c.ok(docs[p], f"{rel(p)} parses ({len(docs[p])} document(s))")
        except yaml.YAMLError as e:
            c.fail(f"{rel(p)} does not parse: {e}")
    return docs


# --- secrets -----------------------------------------------------------------------------------------------------

def check_secrets(c: Checks) -> None:
    c.start("secrets")
    me = Path(__file__).resolve()
    scanned = 0
    for p in sorted(DEPLOY.rglob("*")):
        if not p.is_file() or p.resolve() == me or p.name in (".env", "secret.yaml"):
            continue  # .env and secret.yaml are the users' own, git-ignored copies
        try:
            text = p.read_text()
        except UnicodeDecodeError:
            continue
        scanned += 1
        for lineno, line in enumerate(text.splitlines(), 1):
            for what, pattern in SECRET_PATTERNS:
                for m in pattern.finditer(line):
                    if not PLACEHOLDER.search(line):
                        c.fail(f"{rel(p)}:{lineno} holds {what}: {m.group(0)[:12]}... (use a variable, or a "
                               f"'replace-me' placeholder)")
    c.ok(scanned, f"scanned {scanned} files under deploy/ for credential-shaped strings")
    for d in (COMPOSE_DIR, K8S_DIR):
        gi = d / ".gitignore"
        want = ".env" if d == COMPOSE_DIR else "secret.yaml"
        c.ok(gi.is_file() and want in gi.read_text().split(), f"{rel(gi)} ignores {want}")


# --- Dockerfile --------------------------------------------------------------------------------------------------

def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comment lines dropped."""
    out, buf = [], ""
    for line in text.splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        buf += line
        instr, _, args = buf.strip().partition(" ")
        out.append((instr.upper(), args.strip()))
        buf = ""
    return out


def check_dockerfile(c: Checks) -> dict:
    c.start("dockerfile")
    info = {"config": None, "uid": None, "cmd": []}
    if not c.ok(DOCKERFILE.is_file(), f"{rel(DOCKERFILE)} exists"):
        return info
    stages, current = [], None
    for instr, args in dockerfile_instructions(DOCKERFILE.read_text()):
        if instr == "FROM":
            m = re.match(r"(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", args, re.IGNORECASE)
            current = {"image": m.group(1), "name": (m.group(2) or "").lower(), "ops": []}
            stages.append(current)
        elif current is not None:
            current["ops"].append((instr, args))
    if not c.ok(len(stages) >= 2, f"multi-stage ({len(stages)} stages)"):
        return info
    final = stages[-1]
    c.ok(all(s["image"].startswith("maven:3.9-eclipse-temurin-17") for s in stages[:-1]),
         f"build stages use maven:3.9-eclipse-temurin-17 ({', '.join(s['image'] for s in stages[:-1])})")
    c.ok(re.fullmatch(r"eclipse-temurin:(21|25)-jre(-\S+)?", final["image"]),
         f"runtime stage is eclipse-temurin:21-jre or 25-jre, a JRE with virtual threads ({final['image']})")

    copies = [a for i, a in final["ops"] if i == "COPY"]
    jar_copy = [a for a in copies if JAR in a and "--from=" in a]
    others = [a for a in copies if a not in jar_copy]
    c.ok(len(jar_copy) == 1 and all(a.split()[0] == AOT_SCRIPT for a in others),
         f"runtime stage copies the jar ({JAR}) from a build stage, and besides it at most {AOT_SCRIPT}")
    jar_dest = jar_copy[0].split()[-1] if jar_copy else None
    build_name = re.search(r"--from=(\S+)", jar_copy[0]).group(1).lower() if jar_copy else None
    build = next((s for s in stages if s["name"] == build_name), None)
    if c.ok(build is not None, f"the jar comes from stage '{build_name}'"):
        ops = build["ops"]

        def index(pred) -> int:
            return next((i for i, op in enumerate(ops) if pred(op)), -1)

        def is_package(op) -> bool:
            words = op[1].replace(";", " ").split()
            return op[0] == "RUN" and all(w in words for w in ("mvn", "-B", "-q", "-DskipTests", "package"))

        poms_from = [s["name"] for s in stages if any(i == "RUN" and "pom.xml" in a for i, a in s["ops"])]
        copy_poms = index(lambda op: op[0] == "COPY" and (
            "pom.xml" in op[1] or any(f"--from={n}" in op[1].lower() for n in poms_from if n)))
        copy_src = index(lambda op: op[0] == "COPY" and op[1].split()[-2:] in (["." , "."], [".", "./"]))
        package = max((i for i, op in enumerate(ops) if is_package(op)), default=-1)
        warm = index(lambda op: op[0] == "RUN" and "mvn" in op[1].split())
        c.ok(0 <= copy_poms < warm < copy_src < package,
             "build copies the poms and runs mvn before copying the sources, then `mvn -B -q -DskipTests "
             f"package` (order of steps: poms {copy_poms}, mvn {warm}, sources {copy_src}, package {package})")

    user = next((a for i, a in reversed(final["ops"]) if i == "USER"), None)
    uid = (user or "").split(":")[0]
    c.ok(user and uid.isdigit() and uid != "0",
         f"runtime runs as a numeric non-root USER (Kubernetes runAsNonRoot can verify it): {user}")
    info["uid"] = int(uid) if uid.isdigit() else None
    exposed = {p.split("/")[0] for i, a in final["ops"] if i == "EXPOSE" for p in a.split()}
    c.ok(str(PROXY_PORT) in exposed, f"EXPOSE {PROXY_PORT} (exposed: {', '.join(sorted(exposed))})")
    hc = next((a for i, a in final["ops"] if i == "HEALTHCHECK"), "")
    c.ok(LIVELINESS in hc and f":{PROXY_PORT}" in hc and "CMD" in hc,
         f"HEALTHCHECK calls {LIVELINESS} on port {PROXY_PORT}")

    # OCI labels: the version the image was built from (the ARG's default is the project's version, so a release
    # that moves the POM's version without the Dockerfile's fails here), the source repository, the licence
    args = {}
    for i, a in final["ops"]:
        if i == "ARG":
            name, _, default = a.partition("=")
            args[name.strip()] = default.strip().strip('"')
    labels = {}
    for i, a in final["ops"]:
        if i == "LABEL":
            for k, v in re.findall(r'(\S+?)=("[^"]*"|\S+)', a):
                labels[k] = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), v.strip('"'))
    pom = ET.parse(ROOT / "pom.xml").getroot()
    pom_version = pom.findtext("m:version", namespaces=POM_NS)
    scm_url = pom.findtext("m:scm/m:url", namespaces=POM_NS)
    c.ok(labels.get("org.opencontainers.image.version") == pom_version,
         f"LABEL org.opencontainers.image.version is the project's version {pom_version} "
         f"({labels.get('org.opencontainers.image.version')})")
    c.ok(labels.get("org.opencontainers.image.source") == scm_url,
         f"LABEL org.opencontainers.image.source is the POM's SCM url {scm_url} "
         f"({labels.get('org.opencontainers.image.source')})")
    c.ok(labels.get("org.opencontainers.image.licenses") == "Apache-2.0",
         f"LABEL org.opencontainers.image.licenses is Apache-2.0 ({labels.get('org.opencontainers.image.licenses')})")
    c.ok("org.opencontainers.image.revision" in labels, "LABEL org.opencontainers.image.revision (the commit, "
         "from --build-arg VCS_REF)")

    def exec_form(instr: str) -> list[str] | None:
        args = next((a for i, a in reversed(final["ops"]) if i == instr), None)
        if args is None:
            return []
        try:
            v = json.loads(args)
            return v if isinstance(v, list) else None
        except json.JSONDecodeError:
            return None
    entry, cmd = exec_form("ENTRYPOINT"), exec_form("CMD")
    if c.ok(entry is not None and cmd is not None and entry, "ENTRYPOINT and CMD use the exec (JSON) form, so "
            "java is PID 1 and gets SIGTERM"):
        argv = entry + cmd
        c.ok(argv[0] == "java" and "-jar" in argv and argv[argv.index("-jar") + 1] == jar_dest,
             f"the command runs java -jar {jar_dest}")
        f = flags(argv)
        c.ok(f.get("--config", "").startswith("/"), f"--config is an absolute path ({f.get('--config')})")
        c.ok(f.get("--port") == str(PROXY_PORT), f"--port {PROXY_PORT} (got {f.get('--port')})")
        c.ok(f.get("--host") == "0.0.0.0", f"--host 0.0.0.0, not the proxy's loopback default (got {f.get('--host')})")
        info["config"] = f.get("--config")
        info["cmd"] = cmd
        aot = next((a.split("=", 1)[1] for a in entry if a.startswith("-XX:AOTCache=")), None)
        if aot is not None:
            runs = [a for i, a in final["ops"] if i == "RUN"]
            c.ok(any(Path(AOT_SCRIPT).name in r and jar_dest in r and aot in r for r in runs),
                 f"the AOT cache {aot} of the ENTRYPOINT is made at build, by {AOT_SCRIPT} from {jar_dest}")

    ignore = ROOT / ".dockerignore"
    if c.ok(ignore.is_file(), f"{rel(ignore)} exists"):
        lines = {l.strip() for l in ignore.read_text().splitlines() if l.strip() and not l.startswith("#")}
        for want in (".git", "**/target", "**/.env"):
            c.ok(want in lines, f".dockerignore excludes {want}")
    return info


# --- configs -----------------------------------------------------------------------------------------------------

def check_config(c: Checks, name: str, text: str) -> dict:
    """Checks one proxy config; returns it parsed ({} when it does not parse)."""
    try:
        cfg = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        c.fail(f"{name} does not parse: {e}")
        return {}
    if not c.ok(isinstance(cfg, dict) and cfg.get("model_list"), f"{name} has a model_list"):
        return {}
    for path, value in walk_strings(cfg):
        key = path.rsplit(".", 1)[-1]
        if key in SECRET_CONFIG_KEYS:
            c.ok(value.startswith("os.environ/") or "${" in value,
                 f"{name} {path} comes from the environment ({value!r})")
    general = cfg.get("general_settings") or {}
    router = cfg.get("router_settings") or {}
    litellm = cfg.get("litellm_settings") or {}
    params = litellm.get("cache_params") or {}
    c.ok(general.get("master_key") in ("os.environ/LLM_ROUTER_MASTER_KEY", "os.environ/LITELLM_MASTER_KEY"),
         f"{name} general_settings.master_key is os.environ/LLM_ROUTER_MASTER_KEY")
    c.ok(general.get("database_url") == "os.environ/DATABASE_URL",
         f"{name} general_settings.database_url is os.environ/DATABASE_URL")
    for k in ("redis_host", "redis_port", "redis_password"):
        c.ok(str(router.get(k, "")).startswith("os.environ/"), f"{name} router_settings.{k} from the environment")
    c.ok(router.get("redis_failure_mode", "closed") in ("closed", "open"),
         f"{name} router_settings.redis_failure_mode is closed or open ({router.get('redis_failure_mode')})")
    c.ok(litellm.get("cache") is True and params.get("type") == "redis",
         f"{name} litellm_settings: cache true, cache_params.type redis")
    c.ok(all(k in params for k in ("host", "port", "password", "ttl", "namespace")),
         f"{name} cache_params has host, port, password, ttl and namespace")
    return cfg


# --- compose -----------------------------------------------------------------------------------------------------

def compose_ports(ports) -> list[tuple[str, int]]:
    """(published, target) pairs of a service's ports."""
    out = []
    for p in ports or []:
        if isinstance(p, dict):
            out.append((str(p.get("published", "")), int(p.get("target", 0))))
            continue
        parts = str(p).split("/")[0].split(":")
        if len(parts) == 1:
            out.append((parts[0], int(parts[0])))
        else:
            out.append((parts[-2], int(parts[-1])))
    return out


def bind_mounts(service: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) for bind mounts and named volumes alike."""
    out = []
    for v in service.get("volumes") or []:
        if isinstance(v, dict):
            out.append((str(v.get("source", "")), str(v.get("target", "")), bool(v.get("read_only"))))
        else:
            parts = str(v).split(":")
            out.append((parts[0], parts[1] if len(parts) > 1 else "", len(parts) > 2 and "ro" in parts[2].split(",")))
    return out


def check_compose(c: Checks, docker: dict, docs: dict) -> dict:
    c.start("compose")
    info = {"proxies": [], "config_text": None, "env": {}, "nginx_target": None, "proxy_labels": set()}
    path = COMPOSE_DIR / "docker-compose.yml"
    compose = (docs.get(path) or [None])[0]
    if not c.ok(isinstance(compose, dict) and "services" in compose, f"{rel(path)} has services"):
        return info
    services = compose["services"]
    example = COMPOSE_DIR / ".env.example"
    example_env = {}
    if c.ok(example.is_file(), f"{rel(example)} exists"):
        for line in example.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                k, _, v = line.partition("=")
                example_env[k.strip()] = v.strip()
        for k in ("LLM_ROUTER_MASTER_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
            c.ok(k in example_env, f".env.example has {k}")
        for k, v in example_env.items():
            c.ok(v == "" or PLACEHOLDER.search(v), f".env.example {k} is a placeholder ({v!r})")

    # Every ${VAR} without a default must be in .env.example, else `docker compose up` stops or warns.
    used, required = set(), {}
    for where, value in walk_strings(compose):
        for var, has_default in compose_vars(value):
            used.add(var)
            if not has_default:
                required.setdefault(var, where)
    for var, where in sorted(required.items()):
        c.ok(var in example_env, f"${{{var}}} (first at {where}) is in .env.example")
    for var in example_env:
        c.ok(var in used, f".env.example's {var} is used by docker-compose.yml")

    # No literal secrets: an environment entry named like a secret takes its value from ${VAR}.
    for name, svc in services.items():
        for k, v in env_dict(svc.get("environment")).items():
            if SECRET_ENV_NAME.search(k):
                c.ok("${" in v, f"{name}.environment.{k} comes from ${{VAR}} (got {v!r})")

    # Bind-mount sources exist; named volumes and networks are declared.
    declared_volumes = set((compose.get("volumes") or {}).keys())
    declared_networks = set((compose.get("networks") or {}).keys())
    for name, svc in services.items():
        for source, target, _ in bind_mounts(svc):
            if source.startswith((".", "/")):
                if source.startswith("/var/run/docker.sock"):
                    continue
                c.ok((COMPOSE_DIR / source).exists(), f"{name} mounts {source}, which exists")
            else:
                c.ok(source in declared_volumes, f"{name}'s volume {source} is declared")
        nets = svc.get("networks") or []
        for n in (nets if isinstance(nets, list) else nets.keys()):
            c.ok(n in declared_networks, f"{name}'s network {n} is declared")

    config_path = COMPOSE_DIR / "config.yaml"
    config_text = config_path.read_text() if config_path.is_file() else ""
    c.ok(config_text, f"{rel(config_path)} exists")
    needed = config_env_vars(config_text)
    proxies = sorted(n for n in services if re.fullmatch(r"proxy\d+", n))
    info["proxies"] = proxies
    c.ok(proxies == ["proxy1", "proxy2", "proxy3"], f"three proxy services proxy1..3 (got {', '.join(proxies)})")
    for name in proxies:
        svc = services[name]
        build = svc.get("build") or {}
        if isinstance(build, str):
            build = {"context": build}
        context = (COMPOSE_DIR / build.get("context", ".")).resolve()
        dockerfile = (context / build.get("dockerfile", "Dockerfile")).resolve()
        c.ok(context == ROOT, f"{name} builds with the repository root as context ({build.get('context')})")
        c.ok(dockerfile == DOCKERFILE, f"{name} builds from deploy/Dockerfile ({build.get('dockerfile')})")
        hc = svc.get("healthcheck") or {}
        test = hc.get("test")
        test_text = " ".join(test) if isinstance(test, list) else str(test or "")
        c.ok(test and not hc.get("disable") and "/health/" in test_text and f":{PROXY_PORT}/" in test_text,
             f"{name} has a healthcheck on /health/* port {PROXY_PORT} ({test_text})")
        deps = svc.get("depends_on") or {}
        for dep in ("postgres", "redis"):
            cond = deps.get(dep, {}).get("condition") if isinstance(deps, dict) else None
            c.ok(cond == "service_healthy", f"{name} depends_on {dep} with condition service_healthy (got {cond})")
        mounts = bind_mounts(svc)
        cfg_mount = [m for m in mounts if m[1] == docker.get("config")]
        c.ok(cfg_mount and (COMPOSE_DIR / cfg_mount[0][0]).resolve() == config_path.resolve() and cfg_mount[0][2],
             f"{name} mounts ./config.yaml read-only at the Dockerfile's --config path ({docker.get('config')})")
        command = svc.get("command")
        if command:
            argv = command if isinstance(command, list) else shlex.split(command)
            f = flags(argv)
            c.ok(f.get("--config") == docker.get("config") and f.get("--port") == str(PROXY_PORT)
                 and f.get("--host") == "0.0.0.0", f"{name}'s command keeps --config, --port and --host")
        env = env_dict(svc.get("environment"))
        missing = sorted(needed - env.keys())
        c.ok(not missing, f"{name}'s environment has every variable config.yaml reads"
             + (f"; missing: {', '.join(missing)}" if missing else ""))
        grace = seconds(svc.get("stop_grace_period", "10s"))
        c.ok(grace is not None and grace > DRAIN_SECONDS,
             f"{name} stop_grace_period ({svc.get('stop_grace_period', 'default 10s')}) exceeds the {DRAIN_SECONDS} s drain")
        labels = svc.get("labels") or {}
        info["proxy_labels"] |= {f"{k}={v}" for k, v in (labels.items() if isinstance(labels, dict) else
                                                            (l.split("=", 1) for l in labels))}
        info["env"] = {k: compose_interpolate(v, example_env) for k, v in env.items()}

    nginx = services.get("nginx")
    if c.ok(nginx, "an nginx service"):
        ports = compose_ports(nginx.get("ports"))
        published = [t for p, t in ports if p == str(PROXY_PORT)]
        c.ok(published, f"nginx publishes host port {PROXY_PORT} (ports: {nginx.get('ports')})")
        info["nginx_target"] = published[0] if published else None
        conf = [m for m in bind_mounts(nginx) if m[1] == "/etc/nginx/nginx.conf"]
        c.ok(conf and conf[0][0] == "./nginx.conf" and conf[0][2], "nginx mounts ./nginx.conf read-only as "
             "/etc/nginx/nginx.conf")
        deps = nginx.get("depends_on") or {}
        c.ok(all(p in deps for p in proxies), "nginx depends_on every proxy")
    for name, image in (("postgres", "postgres:16"), ("redis", "redis:7")):
        svc = services.get(name)
        if c.ok(svc, f"a {name} service"):
            c.ok(str(svc.get("image", "")).startswith(image), f"{name} image is {image} ({svc.get('image')})")
            c.ok((svc.get("healthcheck") or {}).get("test"), f"{name} has a healthcheck")
            c.ok(not svc.get("ports"), f"{name} is not published on the host")
    pg = services.get("postgres") or {}
    c.ok(any(t == "/var/lib/postgresql/data" and not s.startswith((".", "/")) for s, t, _ in bind_mounts(pg)),
         "postgres keeps its data on a named volume")
    for name in ("prometheus", "grafana", "loki"):
        c.ok(name in services, f"a {name} service")
    promtail = services.get("promtail")
    c.ok(promtail or any((s.get("logging") or {}).get("driver") == "loki" for s in services.values()),
         "proxy logs reach Loki (promtail service, or the loki logging driver)")
    if promtail:
        c.ok(any(t == "/var/run/docker.sock" and ro for _, t, ro in bind_mounts(promtail)),
             "promtail reads the Docker socket, read-only")
    info["config_text"] = config_text
    info["services"] = services
    return info


# --- nginx -------------------------------------------------------------------------------------------------------

def nginx_directives(text: str) -> list[tuple[str, list[str], str]]:
    """(name, args, enclosing block) of each simple directive; good enough for a flat config."""
    text = re.sub(r"#[^\n]*", "", text)
    out, stack = [], []
    for token in re.finditer(r"([^;{}]+)([;{}])|}", text):
        if token.group(0) == "}" or token.group(2) == "}":
            if stack:
                stack.pop()
            continue
        words = shlex.split(token.group(1).strip()) if token.group(1).strip() else []
        if token.group(2) == "{":
            stack.append(words[0] if words else "")
        elif words:
            out.append((words[0], words[1:], stack[-1] if stack else "main"))
    return out


def check_nginx(c: Checks, compose: dict, cfg: dict, skip_run: bool) -> None:
    c.start("nginx")
    path = COMPOSE_DIR / "nginx.conf"
    if not c.ok(path.is_file(), f"{rel(path)} exists"):
        return
    text = path.read_text()
    ds = nginx_directives(text)

    def get(name, block=None):
        return [a for n, a, b in ds if n == name and (block is None or b == block)]

    servers = {a[0] for a in get("server", "upstream")}
    want = {f"{p}:{PROXY_PORT}" for p in compose.get("proxies", [])}
    c.ok(servers == want, f"upstream servers are the compose proxies ({', '.join(sorted(servers))})")
    listens = {a[0].split(":")[-1] for a in get("listen", "server")}
    c.ok(str(compose.get("nginx_target")) in listens,
         f"nginx listens on the port compose publishes ({', '.join(sorted(listens))})")
    c.ok(["off"] in get("proxy_buffering"), "proxy_buffering off (SSE chunks go out at once)")
    c.ok(["off"] in get("proxy_request_buffering"), "proxy_request_buffering off")
    c.ok(["1.1"] in get("proxy_http_version"), "proxy_http_version 1.1")
    c.ok(["Connection", ""] in get("proxy_set_header"), 'proxy_set_header Connection "" (upstream keep-alive)')
    c.ok(get("keepalive", "upstream"), "keepalive connections to the upstreams")
    idle = seconds((get("keepalive_timeout", "upstream") or [["60s"]])[0][0])
    c.ok(idle is not None and idle < PROXY_IDLE_SECONDS,
         f"upstream keepalive_timeout ({idle} s) ends before the proxies' {PROXY_IDLE_SECONDS} s idle timeout")
    for name in ("proxy_read_timeout", "proxy_send_timeout"):
        v = seconds((get(name) or [["60s"]])[0][0])
        c.ok(v is not None and v >= 600, f"{name} >= 600 s ({v})")
    nxt = (get("proxy_next_upstream") or [["error", "timeout"]])[0]
    c.ok("non_idempotent" not in nxt, "proxy_next_upstream does not replay non-idempotent requests (POSTs)")
    c.ok("error" in nxt and not any(a.startswith("http_5") for a in nxt),
         f"proxy_next_upstream moves on after connection errors only ({' '.join(nxt)})")
    body = get("client_max_body_size")
    limit = nginx_size_mb(body[0][0]) if body else 1
    want_mb = (cfg.get("general_settings") or {}).get("max_request_size_mb", 4)
    c.ok(limit is not None and limit >= want_mb,
         f"client_max_body_size ({body[0][0] if body else '1m default'}) >= max_request_size_mb ({want_mb})")
    c.ok(not get("pid", "main") and not get("user", "main"),
         "no pid or user directive (the image's defaults; `nginx -t` below sets its own pid)")

    if skip_run:
        c.note("nginx -t skipped (--skip-nginx)")
        return
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not c.ok(nginx, "nginx is installed for `nginx -t` (or pass --skip-nginx)"):
        return
    with tempfile.TemporaryDirectory(prefix="llm-router-nginx-") as tmp:
        prefix = Path(tmp)
        (prefix / "tmp").mkdir()
        test = re.sub(r"(\bserver\s+)(proxy\d+)(:\d+)", r"\g<1>127.0.0.1\3", text)
        # Temporary files inside the prefix, so that no system directory has to exist or be writable.
        temp_paths = "".join(f"  {d}_temp_path tmp/{d};\n" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        test = re.sub(r"\bhttp\s*\{\n", lambda m: m.group(0) + temp_paths, test, count=1)
        (prefix / "nginx.conf").write_text(test)
        cmd = [nginx, "-t", "-p", str(prefix) + "/", "-c", str(prefix / "nginx.conf"),
               "-g", "pid tmp/nginx.pid; error_log tmp/error.log;"]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        output = (run.stdout + run.stderr).strip()
        c.ok(run.returncode == 0, f"`nginx -t` accepts nginx.conf (upstream hosts -> 127.0.0.1): "
             + output.replace("\n", " | "))


# --- monitoring --------------------------------------------------------------------------------------------------

def check_monitoring(c: Checks, compose: dict, cfg: dict, docs: dict) -> None:
    c.start("monitoring")
    services = compose.get("services") or {}
    prom = (docs.get(COMPOSE_DIR / "prometheus.yml") or [{}])[0]
    metrics_port = (cfg.get("general_settings") or {}).get("metrics_port")
    c.ok(metrics_port == 9090, f"config.yaml sets general_settings.metrics_port 9090 ({metrics_port})")
    jobs = {j.get("job_name"): j for j in prom.get("scrape_configs") or []}
    job = jobs.get("llm-router")
    if c.ok(job, "prometheus.yml has an llm-router scrape job"):
        targets = {t for sc in job.get("static_configs") or [] for t in sc.get("targets") or []}
        want = {f"{p}:{metrics_port}" for p in compose.get("proxies", [])}
        c.ok(targets == want, f"it scrapes every proxy on metrics_port ({', '.join(sorted(targets))})")
        c.ok(job.get("metrics_path", "/metrics") == "/metrics", "on /metrics")
    prom_svc = services.get("prometheus") or {}
    c.ok(any(t == "/etc/prometheus/prometheus.yml" and s == "./prometheus.yml" and ro
             for s, t, ro in bind_mounts(prom_svc)), "prometheus mounts ./prometheus.yml read-only")

    loki_cfg = (docs.get(COMPOSE_DIR / "loki.yml") or [{}])[0]
    loki_port = (loki_cfg.get("server") or {}).get("http_listen_port", 3100)
    ds_file = COMPOSE_DIR / "grafana" / "provisioning" / "datasources" / "datasources.yml"
    ds = {d.get("type"): d for d in ((docs.get(ds_file) or [{}])[0].get("datasources") or [])}
    for kind, svc, port in (("prometheus", "prometheus", 9090), ("loki", "loki", loki_port)):
        url = (ds.get(kind) or {}).get("url")
        c.ok(url == f"http://{svc}:{port}" and svc in services,
             f"Grafana's {kind} data source points at the {svc} service ({url})")
    grafana = services.get("grafana") or {}
    c.ok(any(t == "/etc/grafana/provisioning" and s == "./grafana/provisioning" and ro
             for s, t, ro in bind_mounts(grafana)), "grafana mounts ./grafana/provisioning read-only")
    providers_file = COMPOSE_DIR / "grafana" / "provisioning" / "dashboards" / "dashboards.yml"
    providers = (docs.get(providers_file) or [{}])[0].get("providers") or []
    paths = {(p.get("options") or {}).get("path") for p in providers if p.get("type") == "file"}
    c.ok(any(t in paths and s == "./grafana/dashboards" and ro for s, t, ro in bind_mounts(grafana)),
         f"grafana mounts ./grafana/dashboards read-only where its dashboard provider reads ({', '.join(map(str, paths))})")
    board_file = COMPOSE_DIR / "grafana" / "dashboards" / "llm-router.json"
    try:
        board = json.loads(board_file.read_text())
    except (OSError, ValueError) as e:
        board = None
        c.ok(False, f"{board_file.name} is JSON ({e})")
    if board is not None:
        c.ok(board.get("uid") and board.get("title") and isinstance(board.get("schemaVersion"), int),
             f"{board_file.name} has a uid, a title and a schemaVersion ({board.get('schemaVersion')})")
        panels = [p for p in board.get("panels") or [] if p.get("type") != "row"]
        prom_uid = (ds.get("prometheus") or {}).get("uid")
        ids = [p.get("id") for p in board.get("panels") or []]
        c.ok(len(ids) == len(set(ids)), "its panel ids are unique")
        c.ok(panels and all((p.get("datasource") or {}).get("uid") == prom_uid and p.get("targets")
                            and all(t.get("expr") for t in p["targets"]) for p in panels),
             f"each of its {len(panels)} panels queries the provisioned Prometheus data source (uid {prom_uid})")
        grid = [p.get("gridPos") or {} for p in board.get("panels") or []]
        c.ok(all(0 <= g.get("x", -1) and g.get("x", 0) + g.get("w", 0) <= 24 and g.get("h", 0) > 0 for g in grid),
             "its panels fit Grafana's 24-column grid")
    for svc, file, target in (("loki", "loki.yml", "/etc/loki/loki.yml"),
                              ("promtail", "promtail.yml", "/etc/promtail/promtail.yml")):
        s = services.get(svc) or {}
        c.ok(any(t == target and src == f"./{file}" and ro for src, t, ro in bind_mounts(s))
             and target in " ".join(s.get("command") or []), f"{svc} mounts ./{file} read-only and is started on it")
    pt = (docs.get(COMPOSE_DIR / "promtail.yml") or [{}])[0]
    urls = [cl.get("url") for cl in pt.get("clients") or []]
    c.ok(urls == [f"http://loki:{loki_port}/loki/api/v1/push"], f"promtail pushes to Loki ({urls})")
    selectors = {v for sc in pt.get("scrape_configs") or [] for sd in sc.get("docker_sd_configs") or []
                 for f in sd.get("filters") or [] if f.get("name") == "label" for v in f.get("values") or []}
    c.ok(selectors and selectors <= compose.get("proxy_labels", set()),
         f"promtail selects containers by a label the proxies carry ({', '.join(sorted(selectors))})")


# --- kubernetes --------------------------------------------------------------------------------------------------

def check_kubernetes(c: Checks, docker: dict, docs: dict) -> dict:
    c.start("kubernetes")
    info = {"config_text": None, "env": {}}
    kpath = K8S_DIR / "kustomization.yaml"
    kust = (docs.get(kpath) or [None])[0]
    if not c.ok(isinstance(kust, dict), f"{rel(kpath)} exists"):
        return info
    resources = [K8S_DIR / r for r in kust.get("resources") or []]
    for r in resources:
        c.ok(r.is_file(), f"resource {rel(r)} exists")
    example = K8S_DIR / "secret.example.yaml"
    listed = {r.resolve() for r in resources}
    for p in sorted(K8S_DIR.glob("*.y*ml")):
        if p.name not in ("kustomization.yaml", "secret.example.yaml", "secret.yaml"):
            c.ok(p.resolve() in listed, f"{rel(p)} is listed in kustomization.yaml")
    c.ok(example.resolve() not in listed, "secret.example.yaml is not applied by kustomization.yaml (its "
         "placeholders must never replace a real Secret)")
    objects = [d for r in resources for d in docs.get(r, []) if isinstance(d, dict)]
    by_kind: dict[str, list] = {}
    for o in objects + [d for d in docs.get(example, []) if isinstance(d, dict)]:
        by_kind.setdefault(o.get("kind"), []).append(o)
    namespace = kust.get("namespace")
    c.ok(namespace and any(o["metadata"]["name"] == namespace for o in by_kind.get("Namespace", [])),
         f"kustomization namespace {namespace} has a Namespace manifest")
    secrets = {o["metadata"]["name"]: o for o in by_kind.get("Secret", [])}
    for name, s in secrets.items():
        c.ok(s["metadata"].get("namespace", namespace) == namespace, f"Secret {name} is in namespace {namespace}")
        for k, v in (s.get("stringData") or {}).items():
            c.ok(PLACEHOLDER.search(str(v)), f"Secret example {name}.{k} is a placeholder")
    configmaps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}

    deployments = by_kind.get("Deployment", [])
    if not c.ok(len(deployments) == 1, f"one Deployment ({len(deployments)})"):
        return info
    dep = deployments[0]
    spec = dep.get("spec") or {}
    replicas = spec.get("replicas")
    c.ok(replicas == 3, f"Deployment replicas: 3 (got {replicas})")
    pod = spec.get("template") or {}
    pod_labels = (pod.get("metadata") or {}).get("labels") or {}
    match = (spec.get("selector") or {}).get("matchLabels") or {}
    c.ok(match and match.items() <= pod_labels.items(), "Deployment selector matches its pod labels")
    pspec = pod.get("spec") or {}
    containers = pspec.get("containers") or []
    if not c.ok(len(containers) == 1, "one container"):
        return info
    ctr = containers[0]
    argv = ctr.get("args") or docker.get("cmd") or []
    f = flags(argv)
    config = f.get("--config")
    c.ok(config == docker.get("config"), f"the container's --config ({config}) is the Dockerfile's ({docker.get('config')})")
    c.ok(f.get("--port") == str(PROXY_PORT), f"--port {PROXY_PORT}")
    c.ok(f.get("--host") == "0.0.0.0", "--host 0.0.0.0")
    c.ok(not ctr.get("command"), "the image's ENTRYPOINT is kept (no command:)")
    ports = {p.get("name"): p.get("containerPort") for p in ctr.get("ports") or []}
    c.ok(PROXY_PORT in ports.values(), f"containerPort {PROXY_PORT}")

    def port_of(p):
        return ports.get(p) if isinstance(p, str) else p

    for probe, path in (("livenessProbe", LIVELINESS), ("readinessProbe", READINESS)):
        get = (ctr.get(probe) or {}).get("httpGet") or {}
        c.ok(get.get("path") == path and port_of(get.get("port")) == PROXY_PORT,
             f"{probe} httpGet {path} on port {PROXY_PORT} (got {get.get('path')} on {get.get('port')})")
    startup = (ctr.get("startupProbe") or {}).get("httpGet")
    if startup:
        c.ok(startup.get("path") == LIVELINESS and port_of(startup.get("port")) == PROXY_PORT,
             f"startupProbe httpGet {LIVELINESS} on port {PROXY_PORT}")
    res = ctr.get("resources") or {}
    c.ok(all(k in (res.get(t) or {}) for t in ("requests", "limits") for k in ("cpu", "memory")),
         "resources: cpu and memory requests and limits")

    # The config: --config's directory is a mount of the ConfigMap, whose key is the file's name.
    mounts = {m.get("name"): m for m in ctr.get("volumeMounts") or []}
    volumes = {v.get("name"): v for v in pspec.get("volumes") or []}
    config_dir, _, config_file = (config or "").rpartition("/")
    found = None
    for name, m in mounts.items():
        vol = volumes.get(name) or {}
        cm = vol.get("configMap")
        if not cm:
            continue
        if m.get("mountPath") == config_dir and not m.get("subPath"):
            items = {i.get("path"): i.get("key") for i in cm.get("items") or []}
            key = items.get(config_file) if items else config_file
        elif m.get("mountPath") == config and m.get("subPath"):
            items = {i.get("path"): i.get("key") for i in cm.get("items") or []}
            key = items.get(m["subPath"], m["subPath"])
        else:
            continue
        found = (cm.get("name"), key, m.get("readOnly"))
    if c.ok(found, f"a ConfigMap volume is mounted where --config points ({config})"):
        cm_name, key, ro = found
        data = (configmaps.get(cm_name) or {}).get("data") or {}
        c.ok(key in data, f"ConfigMap {cm_name} has the key {key}")
        c.ok(ro, "the config mount is read-only")
        info["config_text"] = data.get(key)

    # Environment: every reference resolves; every variable the config reads is set.
    env = {}
    for e in ctr.get("env") or []:
        name = e.get("name")
        if "value" in e:
            env[name] = str(e["value"])
            c.ok(not SECRET_ENV_NAME.search(name), f"env {name} is not a secret written in the manifest")
            continue
        ref = (e.get("valueFrom") or {})
        if "secretKeyRef" in ref:
            r = ref["secretKeyRef"]
            s = secrets.get(r.get("name"))
            keys = {**(s or {}).get("stringData", {}), **(s or {}).get("data", {})}
            if c.ok(s and r.get("key") in keys, f"env {name}: Secret {r.get('name')} has key {r.get('key')}"):
                env[name] = str(keys[r["key"]])
        elif "configMapKeyRef" in ref:
            r = ref["configMapKeyRef"]
            data = (configmaps.get(r.get("name")) or {}).get("data") or {}
            if c.ok(r.get("key") in data, f"env {name}: ConfigMap {r.get('name')} has key {r.get('key')}"):
                env[name] = str(data[r["key"]])
        else:
            env[name] = ""
    for src in ctr.get("envFrom") or []:
        if "secretRef" in src:
            s = secrets.get(src["secretRef"].get("name"))
            if c.ok(s, f"envFrom Secret {src['secretRef'].get('name')} exists"):
                env.update({k: str(v) for k, v in {**s.get("stringData", {}), **s.get("data", {})}.items()})
        if "configMapRef" in src:
            cm = configmaps.get(src["configMapRef"].get("name"))
            if c.ok(cm, f"envFrom ConfigMap {src['configMapRef'].get('name')} exists"):
                env.update({k: str(v) for k, v in (cm.get("data") or {}).items()})
    info["env"] = env
    if info["config_text"]:
        missing = sorted(config_env_vars(info["config_text"]) - env.keys())
        c.ok(not missing, "the container sets every variable the config reads"
             + (f"; missing: {', '.join(missing)}" if missing else ""))

    # Security: non-root, read-only root, writable places are emptyDirs.
    psc, csc = pspec.get("securityContext") or {}, ctr.get("securityContext") or {}
    c.ok(csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True, "runAsNonRoot: true")
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    c.ok(uid is None or uid == docker.get("uid"), f"runAsUser ({uid}) is the image's USER ({docker.get('uid')})")
    c.ok(csc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem: true")
    c.ok(csc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation: false")
    empty_dirs = [m.get("mountPath") for n, m in mounts.items() if "emptyDir" in (volumes.get(n) or {})]
    c.ok("/tmp" in empty_dirs, "/tmp is an emptyDir (the JVM writes there)")
    data_dir = env.get("LLM_ROUTER_DATA_DIR", "")
    c.ok(data_dir and any(data_dir == d or data_dir.startswith(d.rstrip("/") + "/") for d in empty_dirs),
         f"LLM_ROUTER_DATA_DIR ({data_dir}) is on an emptyDir")

    # Shutdown: preStop, then SIGTERM and the proxy's drain, all inside the grace period.
    grace = pspec.get("terminationGracePeriodSeconds", 30)
    pre = (((ctr.get("lifecycle") or {}).get("preStop") or {}))
    pre_cmd = (pre.get("exec") or {}).get("command") or []
    pre_sleep = float(pre_cmd[-1]) if pre_cmd[:1] == ["sleep"] and pre_cmd[-1].isdigit() else \
        float((pre.get("sleep") or {}).get("seconds", 0))
    c.ok(pre, "a preStop hook (endpoint removal propagates before SIGTERM)")
    c.ok(grace >= pre_sleep + DRAIN_SECONDS + 5, f"terminationGracePeriodSeconds ({grace}) covers preStop "
         f"({pre_sleep:g} s) + the proxy's {DRAIN_SECONDS} s drain + flushing the spend rows")

    services = by_kind.get("Service", [])
    if c.ok(len(services) == 1, "one Service"):
        svc = services[0]["spec"]
        c.ok(svc.get("type", "ClusterIP") == "ClusterIP", f"Service type ClusterIP ({svc.get('type')})")
        sel = svc.get("selector") or {}
        c.ok(sel and sel.items() <= pod_labels.items(), f"Service selects the Deployment's pods ({sel})")
        sp = [p for p in svc.get("ports") or [] if p.get("port") == PROXY_PORT]
        c.ok(sp, f"Service port {PROXY_PORT} ({[p.get('port') for p in svc.get('ports') or []]})")
        if sp:
            target = port_of(sp[0].get("targetPort", sp[0].get("port")))
            c.ok(target == PROXY_PORT, f"Service port {PROXY_PORT} targets container port {PROXY_PORT} ({target})")
    for pdb in by_kind.get("PodDisruptionBudget", []):
        sel = ((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
        c.ok(sel and sel.items() <= pod_labels.items(), "PodDisruptionBudget selects the Deployment's pods")
        m = (pdb.get("spec") or {}).get("minAvailable")
        c.ok(not isinstance(m, int) or m < (replicas or 0), f"PodDisruptionBudget minAvailable {m} < replicas")

    kubectl = shutil.which("kubectl")
    if kubectl:
        run = subprocess.run([kubectl, "kustomize", str(K8S_DIR)], capture_output=True, text=True, timeout=120)
        c.ok(run.returncode == 0, "`kubectl kustomize` renders the manifests" + (
            "" if run.returncode == 0 else ": " + run.stderr.strip().replace("\n", " | ")))
    else:
        c.note("kubectl not installed: `kubectl kustomize` skipped")
    return info


# --- main --------------------------------------------------------------------------------------------------------

def emit(directory: Path, compose: dict, kube: dict) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, info in (("compose-config", compose), ("kubernetes-config", kube)):
        if not info.get("config_text"):
            raise SystemExit(f"error: cannot emit {name}: its config was not found (see the failures above)")
        (directory / f"{name}.yaml").write_text(info["config_text"])
        lines = [f"{k}={v}" for k, v in sorted(info.get("env", {}).items())]
        (directory / f"{name}.env").write_text("\n".join(lines) + "\n")
        print(f"wrote {directory / (name + '.yaml')} and {name}.env")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--emit-configs", metavar="DIR", type=Path,
                        help="write compose-config.yaml/.env and kubernetes-config.yaml/.env into DIR")
    parser.add_argument("--skip-nginx", action="store_true", help="do not run `nginx -t`")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every passing check")
    args = parser.parse_args()

    c = Checks(args.verbose)
    docs = check_yaml(c)
    check_secrets(c)
    docker = check_dockerfile(c)
    compose = check_compose(c, docker, docs)
    kube = check_kubernetes(c, docker, docs)
    c.start("configs")
    compose_cfg = check_config(c, "compose/config.yaml", compose.get("config_text") or "") \
        if compose.get("config_text") else {}
    kube_cfg = check_config(c, "kubernetes ConfigMap config.yaml", kube.get("config_text") or "") \
        if kube.get("config_text") else {}
    c.ok(compose_cfg and kube_cfg, "both configs were found")
    check_nginx(c, compose, compose_cfg, args.skip_nginx)
    check_monitoring(c, compose, compose_cfg, docs)
    status = c.report()
    if args.emit_configs:
        emit(args.emit_configs, compose, kube)
    return status


if __name__ == "__main__":
    sys.exit(main())
