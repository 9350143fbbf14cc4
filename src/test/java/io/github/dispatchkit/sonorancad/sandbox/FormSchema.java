package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Encoding;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} request body of the spec, and the check of a form sent against it.
 *
 * <p>The request validator does not look into multipart bodies, so a form is checked here, from the
 * spec's schema alone: each required part is present, an integer or number part parses and keeps its
 * format's range and the schema's bounds, a {@code uuid} part is a UUID, a string keeps its lengths, a
 * {@code binary} part is a file of the encoding's content type, and {@code x-require-one-of} holds.
 * Every problem is named, so a 400 lists them all.
 */
record FormSchema(Map<String, Schema<?>> properties, List<String> required, List<String> requireOneOf,
    Map<String, String> contentTypes) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("(?i)[;\\s]name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("(?i)filename=\"([^\"]*)\"");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** One part of a form: its name, file name (null for a field), content type (null if unsaid) and bytes. */
  record Part(String name, String filename, String contentType, byte[] content) {

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** Reads the schema of a form and its media type's {@code encoding}. */
  static FormSchema of(Schema<?> schema, MediaType media) {
    Map<String, Schema<?>> properties = new LinkedHashMap<>();
    if (schema.getProperties() != null) {
      schema.getProperties().forEach(properties::put);
    }
    Object oneOf = schema.getExtensions() == null ? null : schema.getExtensions().get("x-require-one-of");
    List<String> requireOneOf = new ArrayList<>();
    if (oneOf instanceof List<?> names) {
      names.forEach(name -> requireOneOf.add(name.toString()));
    }
    Map<String, String> contentTypes = new LinkedHashMap<>();
    if (media.getEncoding() != null) {
      for (Map.Entry<String, Encoding> encoding : media.getEncoding().entrySet()) {
        if (encoding.getValue().getContentType() != null) {
          contentTypes.put(encoding.getKey(), encoding.getValue().getContentType());
        }
      }
    }
    return new FormSchema(properties, schema.getRequired() == null ? List.of() : List.copyOf(schema.getRequired()),
        List.copyOf(requireOneOf), contentTypes);
  }

  /**
   * Checks a form against this schema and returns it as a JSON object, a file part as
   * {@code {filename, contentType, size}}.
   *
   * @param problems receives each problem found; the object is meaningful only when none was
   */
  ObjectNode read(String contentType, byte[] body, List<String> problems) {
    ObjectNode form = NODES.objectNode();
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
        || !boundary.find()) {
      problems.add("The body must be multipart/form-data with a boundary.");
      return form;
    }
    List<Part> parts = parse(body, boundary.group(1) != null ? boundary.group(1) : boundary.group(2), problems);
    Map<String, Part> byName = new LinkedHashMap<>();
    for (Part part : parts) {
      if (byName.putIfAbsent(part.name(), part) != null) {
        problems.add("Part '" + part.name() + "' is sent more than once.");
      }
    }
    for (String name : required) {
      if (!byName.containsKey(name)) {
        problems.add("Part '" + name + "' is required.");
      }
    }
    List<String> targets = requireOneOf.stream().filter(byName::containsKey).toList();
    if (!requireOneOf.isEmpty() && targets.size() != 1) {
      problems.add("Exactly one of the parts " + requireOneOf + " is required" + (targets.isEmpty() ? "." : "; got " + targets + "."));
    }
    byName.forEach((name, part) -> {
      Schema<?> property = properties.get(name);
      if (property == null) {
        problems.add("Part '" + name + "' is not allowed; the parts are " + properties.keySet() + ".");
      } else {
        check(name, property, part, form, problems);
      }
    });
    return form;
  }

  private void check(String name, Schema<?> property, Part part, ObjectNode form, List<String> problems) {
    String type = property.getType() == null ? "string" : property.getType();
    String format = property.getFormat();
    if ("binary".equals(format)) {
      String expected = contentTypes.get(name);
      if (part.filename() == null) {
        problems.add("Part '" + name + "' must be a file.");
      } else if (expected != null && part.contentType() != null
          && !part.contentType().toLowerCase(Locale.ROOT).startsWith(expected.toLowerCase(Locale.ROOT))) {
        problems.add("Part '" + name + "' must be " + expected + ", not " + part.contentType() + ".");
      }
      form.putObject(name).put("filename", part.filename()).put("contentType", part.contentType())
          .put("size", part.content().length);
      return;
    }
    String text = part.text();
    switch (type) {
      case "integer", "number" -> {
        BigDecimal value;
        try {
          value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
          problems.add("Part '" + name + "' must be " + ("integer".equals(type) ? "an integer" : "a number") + ": '" + text + "'.");
          return;
        }
        if ("integer".equals(type) && value.stripTrailingZeros().scale() > 0) {
          problems.add("Part '" + name + "' must be an integer: '" + text + "'.");
          return;
        }
        BigDecimal min = property.getMinimum();
        BigDecimal max = property.getMaximum();
        if ("int32".equals(format)) {
          min = max(min, BigDecimal.valueOf(Integer.MIN_VALUE));
          max = min(max, BigDecimal.valueOf(Integer.MAX_VALUE));
        } else if ("int64".equals(format)) {
          min = max(min, BigDecimal.valueOf(Long.MIN_VALUE));
          max = min(max, BigDecimal.valueOf(Long.MAX_VALUE));
        }
        if (min != null && value.compareTo(min) < 0 || max != null && value.compareTo(max) > 0) {
          problems.add("Part '" + name + "' must be between " + (min == null ? "-inf" : min.toPlainString())
              + " and " + (max == null ? "inf" : max.toPlainString()) + ": " + text + ".");
          return;
        }
        form.put(name, value);
      }
      case "boolean" -> {
        if (!text.equals("true") && !text.equals("false")) {
          problems.add("Part '" + name + "' must be true or false: '" + text + "'.");
          return;
        }
        form.put(name, Boolean.parseBoolean(text));
      }
      default -> {
        if ("uuid".equals(format) && !UUID_TEXT.matcher(text).matches()) {
          problems.add("Part '" + name + "' must be a UUID: '" + text + "'.");
          return;
        }
        if (property.getMinLength() != null && text.length() < property.getMinLength()
            || property.getMaxLength() != null && text.length() > property.getMaxLength()) {
          problems.add("Part '" + name + "' must have " + property.getMinLength() + " to "
              + (property.getMaxLength() == null ? "any number of" : property.getMaxLength()) + " characters.");
          return;
        }
        form.put(name, text);
      }
    }
  }

  /** Splits a multipart body into its parts; a malformed body adds a problem and yields what was read. */
  private static List<Part> parse(byte[] body, String boundary, List<String> problems) {
    // ISO-8859-1 maps each byte to one char and back, so file contents survive the split unchanged.
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + boundary;
    List<Part> parts = new ArrayList<>();
    int start = text.indexOf(delimiter);
    if (start < 0) {
      problems.add("The multipart body has no part delimited by its boundary.");
      return parts;
    }
    while (true) {
      int afterDelimiter = start + delimiter.length();
      if (text.startsWith("--", afterDelimiter)) {
        return parts;
      }
      int next = text.indexOf("\r\n" + delimiter, afterDelimiter);
      int headersEnd = text.indexOf("\r\n\r\n", afterDelimiter);
      if (next < 0 || headersEnd < 0 || headersEnd > next) {
        problems.add("The multipart body is malformed (a part without headers or closing boundary).");
        return parts;
      }
      String headers = text.substring(afterDelimiter, headersEnd);
      String disposition = header(headers, "content-disposition");
      Matcher name = NAME.matcher(disposition == null ? "" : ";" + disposition);
      if (name.find()) {
        Matcher filename = FILENAME.matcher(disposition);
        parts.add(new Part(name.group(1), filename.find() ? filename.group(1) : null, header(headers, "content-type"),
            text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1)));
      } else {
        problems.add("A part has no Content-Disposition name.");
      }
      start = next + 2;
    }
  }

  private static String header(String headers, String name) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static BigDecimal max(BigDecimal a, BigDecimal b) {
    return a == null ? b : a.max(b);
  }

  private static BigDecimal min(BigDecimal a, BigDecimal b) {
    return a == null ? b : a.min(b);
  }
}
