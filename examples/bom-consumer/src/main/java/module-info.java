/** A user's application: it reads only the router's front door; the providers are found on the module path. */
module dev.llmrouter.sample {
  requires dev.llmrouter.core;
}
