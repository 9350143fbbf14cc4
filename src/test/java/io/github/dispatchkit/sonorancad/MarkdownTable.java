package io.github.dispatchkit.sonorancad;

import java.util.ArrayList;
import java.util.List;

/** Reads the tables of the project's Markdown files, for tests that hold a table to what it documents. */
public final class MarkdownTable {
  private MarkdownTable() {
  }

  /**
   * The body rows (below the header and its separator), as written, of the first table after the
   * line {@code heading} and before the next heading.
   *
   * @throws AssertionError if there is no such heading or table
   */
  public static List<String> rowsAfter(List<String> lines, String heading) {
    int at = lines.indexOf(heading);
    if (at < 0) {
      throw new AssertionError("no heading " + heading);
    }
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("|")) {
        rows.add(line);
      } else if (!rows.isEmpty() || line.startsWith("#")) {
        break;
      }
    }
    if (rows.size() < 2) {
      throw new AssertionError("no table under " + heading);
    }
    return rows.subList(2, rows.size());
  }
}
