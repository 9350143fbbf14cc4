package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.generated.service.SonoranCadServices;
import io.github.dispatchkit.sonorancad.internal.Operation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generated service tree read by reflection, for tests that cover every operation: where each
 * operationId lives ({@code client.<group>().<resource>()}) and its generated descriptor, the spec facts
 * every call passes to the executor.
 */
public final class OperationIndex {
  private static final Map<String, Entry> ENTRIES = index();

  private OperationIndex() {
  }

  /** One generated operation. */
  public static final class Entry {
    public final Method group;
    public final Method resource;
    public final Operation<?> spec;

    Entry(Method group, Method resource, Operation<?> spec) {
      this.group = group;
      this.resource = resource;
      this.spec = spec;
    }

    /** Returns {@code client.<group>().<resource>()}, the service holding this operation. */
    public Object service(SonoranCadClient client) {
      try {
        return resource.invoke(group.invoke(client.services()));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Returns the public blocking method named by the operationId with the most parameters; of two as
     * wide (an {@code x-single-body} overload), the one taking what the operation's call takes.
     */
    public Method method() {
      List<Class<?>> documented = null;
      for (Method call : resource.getReturnType().getDeclaredMethods()) {
        if (call.getName().equals(spec.id() + "Request")) {
          documented = List.of(call.getParameterTypes());
        }
      }
      Method widest = null;
      for (Method candidate : resource.getReturnType().getMethods()) {
        if (candidate.getName().equals(spec.id())
            && (widest == null || candidate.getParameterCount() > widest.getParameterCount()
                || (candidate.getParameterCount() == widest.getParameterCount()
                    && List.of(candidate.getParameterTypes()).equals(documented)))) {
          widest = candidate;
        }
      }
      return widest;
    }

    @Override
    public String toString() {
      return spec.id() + " (client." + group.getName() + "()." + resource.getName() + "())";
    }
  }

  /** Every generated operation by operationId. */
  public static Map<String, Entry> all() {
    return ENTRIES;
  }

  /** The entry of {@code operationId}. */
  public static Entry of(String operationId) {
    Entry entry = ENTRIES.get(operationId);
    if (entry == null) {
      throw new IllegalArgumentException("no generated operation " + operationId);
    }
    return entry;
  }

  /** The spec facts of {@code operationId}. */
  public static Operation<?> spec(String operationId) {
    return of(operationId).spec;
  }

  private static Operation<?> descriptor(Field field) {
    try {
      field.setAccessible(true);
      return (Operation<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Entry> index() {
    Map<String, Entry> entries = new TreeMap<>();
    for (Method group : SonoranCadServices.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(group.getModifiers()) || group.getParameterCount() != 0) {
        continue;
      }
      for (Method resource : group.getReturnType().getDeclaredMethods()) {
        if (!Modifier.isPublic(resource.getModifiers()) || resource.getParameterCount() != 0) {
          continue;
        }
        for (Field field : resource.getReturnType().getDeclaredFields()) {
          if (field.getType() == Operation.class && Modifier.isStatic(field.getModifiers())) {
            Operation<?> operation = descriptor(field);
            entries.put(operation.id(), new Entry(group, resource, operation));
          }
        }
      }
    }
    return Collections.unmodifiableMap(entries);
  }
}
