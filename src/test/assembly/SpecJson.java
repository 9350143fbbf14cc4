import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.parser.util.DeserializationUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: writes the curated spec as JSON for the sandbox, which then starts without the YAML parser.
 *
 * <p>The YAML is read into a tree by the spec parser's own reader (as the sandbox's validator would
 * read it) and that tree is written as JSON, so reading the JSON gives the same tree. Run with the
 * JDK's source launcher and the test classpath:
 *
 * <pre>java -cp &lt;test classpath&gt; SpecJson.java sonoran-cad-v2.yaml sonoran-cad-v2.json</pre>
 */
public final class SpecJson {

  private SpecJson() {
  }

  /** Converts {@code args[0]} (YAML) into {@code args[1]} (JSON), creating its directory. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("Usage: SpecJson <spec.yaml> <spec.json>");
    }
    Path yaml = Path.of(args[0]);
    Path json = Path.of(args[1]);
    JsonNode tree = DeserializationUtils.deserializeIntoTree(Files.readString(yaml), yaml.toString());
    Files.createDirectories(json.toAbsolutePath().getParent());
    Files.writeString(json, Json.mapper().writeValueAsString(tree));
  }
}
