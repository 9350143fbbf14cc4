package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code ```java} block of the README compiles as written, against the library and its optional APIs. */
class ReadmeSnippetsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("^(?:public )?class (\\w+)", Pattern.MULTILINE);

  @Test
  void everyJavaBlockCompiles(@TempDir Path out) throws IOException {
    List<JavaFileObject> units = new ArrayList<>();
    Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("README.md")));
    while (block.find()) {
      String source = block.group(1);
      Matcher name = CLASS_NAME.matcher(source);
      assertThat(name.find()).as("a README java block is a whole class with its imports:%n%s", source).isTrue();
      units.add(new SimpleJavaFileObject(URI.create("string:///" + name.group(1) + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      });
    }
    assertThat(units).as("Usage, Observability, Discord").hasSizeGreaterThanOrEqualTo(3);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
      boolean compiled = javac.getTask(diagnostics, files, null,
          List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror"), null, units).call();
      assertThat(compiled).as(diagnostics.toString()).isTrue();
    }
  }
}
