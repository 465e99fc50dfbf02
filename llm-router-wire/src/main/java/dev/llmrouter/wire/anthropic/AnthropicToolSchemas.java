package dev.llmrouter.wire.anthropic;

import java.util.List;
import java.util.Map;

/**
 * The input schemas of Anthropic's client-run tools ({@code bash_*}, {@code text_editor_*}), as Anthropic documents
 * their inputs, so that another model can be offered them as function tools and the client (Claude Code, avante.nvim)
 * still runs the calls it gets back.
 */
final class AnthropicToolSchemas {
  private AnthropicToolSchemas() {}

  static final Map<String, Object> BASH = Map.of(
      "type", "object",
      "properties", Map.of(
          "command", Map.of("type", "string", "description", "The bash command to run."),
          "restart", Map.of("type", "boolean", "description", "Set to true to restart the bash session.")));

  static final Map<String, Object> TEXT_EDITOR = Map.of(
      "type", "object",
      "properties", Map.of(
          "command", Map.of("type", "string", "enum", List.of("view", "create", "str_replace", "insert"),
              "description", "The command to run."),
          "path", Map.of("type", "string", "description", "Absolute path to the file or directory."),
          "file_text", Map.of("type", "string", "description", "create: the content of the new file."),
          "old_str", Map.of("type", "string",
              "description", "str_replace: the exact text to replace; it must occur once in the file."),
          "new_str", Map.of("type", "string",
              "description", "str_replace: the text that replaces old_str; insert: the text to insert."),
          "insert_line", Map.of("type", "integer",
              "description", "insert: the line after which to insert new_str (0 for the start of the file)."),
          "view_range", Map.of("type", "array", "items", Map.of("type", "integer"),
              "description", "view: the first and last line to show, 1-based; -1 as the last means to the end.")),
      "required", List.of("command", "path"));
}
