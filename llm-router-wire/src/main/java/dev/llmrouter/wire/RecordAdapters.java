package dev.llmrouter.wire;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * Moshi adapters for the wire records, the same JSON as Moshi's own record adapter (names from {@link Json}, null
 * components left out, unknown names skipped), made to be cheap per call.
 *
 * <p>Moshi's record adapter builds each record with {@code MethodHandle.invokeWithArguments}, which adapts the
 * handle anew on every call: measured in the proxy, half of all the bytes a plain call allocated (about 110 kB of
 * some 220 kB) went to reading the upstream's answer that way. Here the constructor is spread and typed once, when
 * the adapter is made, and called with {@code invokeExact}.
 *
 * <p>Records with qualifier annotations on a component, and generic records, are left to Moshi.
 */
public final class RecordAdapters implements JsonAdapter.Factory {

  @Override
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty() || !(type instanceof Class<?> raw) || !raw.isRecord()) {
      return null;
    }
    RecordComponent[] components = raw.getRecordComponents();
    for (RecordComponent c : components) {
      for (Annotation a : c.getAnnotations()) {
        if (a.annotationType().isAnnotationPresent(JsonQualifier.class)) {
          return null;
        }
      }
    }
    try {
      return new RecordAdapter(raw, components, moshi).nullSafe();
    } catch (ReflectiveOperationException e) {
      return null; // not accessible to this module: Moshi's adapter says why
    }
  }

  private static final class RecordAdapter extends JsonAdapter<Object> {
    private final Class<?> type;
    private final String[] names;
    private final JsonReader.Options options;
    private final JsonAdapter<Object>[] adapters;
    private final Object[] defaults;
    /** {@code (Object[]) -> Object}: the canonical constructor, spread once. */
    private final MethodHandle constructor;
    /** {@code (Object) -> Object} each: the accessors. */
    private final MethodHandle[] accessors;

    @SuppressWarnings("unchecked")
    RecordAdapter(Class<?> type, RecordComponent[] components, Moshi moshi) throws ReflectiveOperationException {
      this.type = type;
      int n = components.length;
      names = new String[n];
      adapters = new JsonAdapter[n];
      defaults = new Object[n];
      accessors = new MethodHandle[n];
      Class<?>[] parameterTypes = new Class<?>[n];
      MethodHandles.Lookup lookup = MethodHandles.lookup(); // this module's records; others fail here: Moshi's
      for (int i = 0; i < n; i++) {
        RecordComponent c = components[i];
        Json json = c.getAnnotation(Json.class);
        names[i] = json != null && !Json.UNSET_NAME.equals(json.name()) ? json.name() : c.getName();
        adapters[i] = (JsonAdapter<Object>) moshi.adapter(c.getGenericType());
        parameterTypes[i] = c.getType();
        defaults[i] = c.getType().isPrimitive() ? java.lang.reflect.Array.get(
            java.lang.reflect.Array.newInstance(c.getType(), 1), 0) : null;
        accessors[i] = lookup.unreflect(c.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
      }
      options = JsonReader.Options.of(names);
      constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parameterTypes))
          .asSpreader(Object[].class, n)
          .asType(MethodType.methodType(Object.class, Object[].class));
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      Object[] values = defaults.clone();
      reader.beginObject();
      while (reader.hasNext()) {
        int i = reader.selectName(options);
        if (i < 0) {
          reader.skipName();
          reader.skipValue();
          continue;
        }
        values[i] = adapters[i].fromJson(reader); // a JSON null for a primitive fails, as with Moshi's
      }
      reader.endObject();
      try {
        return (Object) constructor.invokeExact(values);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("could not make a " + type.getSimpleName(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      writer.beginObject();
      for (int i = 0; i < names.length; i++) {
        Object v;
        try {
          v = (Object) accessors[i].invokeExact(value);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable e) {
          throw new IllegalStateException("could not read " + type.getSimpleName() + "." + names[i], e);
        }
        writer.name(names[i]);
        if (v == null) {
          writer.nullValue(); // left out, with its name, unless the writer serializes nulls
        } else {
          adapters[i].toJson(writer, v);
        }
      }
      writer.endObject();
    }

    @Override
    public String toString() {
      return "RecordAdapters(" + type.getName() + ")";
    }
  }
}
