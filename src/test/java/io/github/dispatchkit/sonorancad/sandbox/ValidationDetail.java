package io.github.dispatchkit.sonorancad.sandbox;

import com.atlassian.oai.validator.report.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the validator's report on a request into the one-line {@code detail} of a 400 problem.
 *
 * <p>The validator's own messages are kept, made to name what they are about: a parameter's message
 * is prefixed with the parameter, an {@code allOf} wrapper is replaced by the messages of its parts,
 * and an {@code anyOf} of required properties (Set Unit Status's "at least one target") lists the
 * properties of which one is required.
 */
final class ValidationDetail {

  private static final Pattern MISSING_PROPERTY = Pattern.compile("missing required properties \\(\\[\"([^\"]+)\"]\\)");

  private ValidationDetail() {
  }

  /** Returns the errors of {@code report}, each once, separated by {@code "; "}; empty if it has none. */
  static String of(ValidationReport report) {
    Set<String> problems = new LinkedHashSet<>();
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() == ValidationReport.Level.ERROR) {
        problems.addAll(describe(message));
      }
    }
    return String.join("; ", problems);
  }

  private static List<String> describe(ValidationReport.Message message) {
    String key = message.getKey();
    List<ValidationReport.Message> nested = message.getNestedMessages();
    if (key.endsWith(".allOf") && !nested.isEmpty()) {
      List<String> parts = new ArrayList<>();
      nested.forEach(part -> parts.addAll(describe(part)));
      return parts;
    }
    if (key.endsWith(".anyOf") && !nested.isEmpty()) {
      List<String> alternatives = new ArrayList<>();
      for (ValidationReport.Message alternative : nested) {
        Matcher missing = MISSING_PROPERTY.matcher(alternative.getMessage());
        if (!missing.find()) {
          alternatives = null;
          break;
        }
        alternatives.add(missing.group(1));
      }
      if (alternatives != null) {
        return List.of(prefix(message) + "Object must have at least one of the properties " + alternatives);
      }
      List<String> parts = new ArrayList<>();
      nested.forEach(part -> parts.addAll(describe(part)));
      return List.of(message.getMessage() + " (" + String.join("; ", parts) + ")");
    }
    String parameter = message.getContext()
        .flatMap(ValidationReport.MessageContext::getParameter)
        .map(p -> "Parameter '" + p.getName() + "' (" + p.getIn() + "): ")
        .orElse("");
    return List.of(parameter + message.getMessage());
  }

  private static String prefix(ValidationReport.Message message) {
    String text = message.getMessage();
    return text.startsWith("[Path ") ? text.substring(0, text.indexOf(']') + 2) : "";
  }
}
