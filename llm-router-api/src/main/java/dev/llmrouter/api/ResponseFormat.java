package dev.llmrouter.api;

import java.util.Map;

/**
 * JSON mode or structured output.
 *
 * @param name   the schema's name (JSON_SCHEMA only)
 * @param schema the JSON schema (JSON_SCHEMA only)
 */
public record ResponseFormat(Type type, String name, Map<String, Object> schema, Boolean strict) {
  public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

  public ResponseFormat {
    schema = Json.copyObject(schema);
    if (type == Type.JSON_SCHEMA && name == null) {
      throw new IllegalArgumentException("a json_schema response format needs a name");
    }
  }

  public static ResponseFormat jsonObject() {
    return new ResponseFormat(Type.JSON_OBJECT, null, null, null);
  }

  public static ResponseFormat jsonSchema(String name, Map<String, Object> schema, Boolean strict) {
    return new ResponseFormat(Type.JSON_SCHEMA, name, schema, strict);
  }
}
