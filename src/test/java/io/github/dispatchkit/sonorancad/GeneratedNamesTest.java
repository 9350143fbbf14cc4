package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No generated class (model, enum, service, params object, {@code EventType}) is named like a type
 * every Java or Kotlin file sees without an import: an explicit import of it would shadow
 * {@code java.lang.Record} or {@code kotlin.Unit} in the whole file, and a star import would lose to
 * Kotlin's default imports.
 */
class GeneratedNamesTest {
  private static final Path GENERATED = Path.of("target/generated-sources/openapi/src/main/java");

  /**
   * The classes, interfaces, objects and type aliases Kotlin imports into every file on the JVM
   * (kotlin.*, kotlin.annotation.*, kotlin.collections.*, kotlin.comparisons.*, kotlin.io.*,
   * kotlin.ranges.*, kotlin.sequences.*, kotlin.text.*, kotlin.jvm.*), as of Kotlin 2.2. Written out:
   * most are built-ins or type aliases with no class file of their own.
   */
  private static final Set<String> KOTLIN_DEFAULT_IMPORTS = Set.of(
      // kotlin
      "Any", "Annotation", "Array", "ArithmeticException", "AssertionError", "Boolean", "BooleanArray",
      "BuilderInference", "Byte", "ByteArray", "Char", "CharArray", "CharSequence", "ClassCastException",
      "Cloneable", "Comparable", "Comparator", "ConcurrentModificationException", "ConsistentCopyVisibility",
      "ContextFunctionTypeParams", "DeepRecursiveFunction",
      "DeepRecursiveScope", "Deprecated", "DeprecatedSinceKotlin", "DeprecationLevel", "Double",
      "DoubleArray", "DslMarker", "Enum", "Error", "Exception", "ExperimentalContextParameters",
      "ExperimentalMultiplatform",
      "ExperimentalStdlibApi", "ExperimentalSubclassOptIn", "ExperimentalUnsignedTypes", "ExposedCopyVisibility",
      "ExtensionFunctionType",
      "Float", "FloatArray", "Function", "IllegalArgumentException", "IllegalStateException",
      "IndexOutOfBoundsException", "Int", "IntArray", "KotlinNothingValueException",
      "KotlinNullPointerException", "KotlinVersion", "Lazy", "LazyThreadSafetyMode", "Long", "LongArray",
      "Metadata", "NoSuchElementException",
      "NoWhenBranchMatchedException", "NotImplementedError", "Nothing", "NullPointerException", "Number",
      "NumberFormatException", "OptIn", "OptionalExpectation", "OverloadResolutionByLambdaReturnType",
      "Pair", "ParameterName", "PublishedApi", "ReplaceWith", "RequiresOptIn", "Result", "RuntimeException",
      "Short", "ShortArray", "SinceKotlin", "String", "SubclassOptInRequired", "Suppress", "Throwable",
      "Throws", "Triple", "TypeCastException", "UByte", "UByteArray", "UInt", "UIntArray", "ULong",
      "ULongArray", "UShort", "UShortArray", "UninitializedPropertyAccessException", "Unit",
      "UnsafeVariance", "UnsupportedOperationException",
      // kotlin.annotation
      "AnnotationRetention", "AnnotationTarget", "MustBeDocumented", "Repeatable", "Retention", "Target",
      // kotlin.collections
      "AbstractCollection", "AbstractIterator", "AbstractList", "AbstractMap", "AbstractMutableCollection",
      "AbstractMutableList", "AbstractMutableMap", "AbstractMutableSet", "AbstractSet", "ArrayDeque",
      "ArrayList", "BooleanIterator", "ByteIterator", "CharIterator", "Collection", "DoubleIterator",
      "FloatIterator", "Grouping", "HashMap", "HashSet", "IndexedValue", "IntIterator", "Iterable",
      "Iterator", "LinkedHashMap", "LinkedHashSet", "List", "ListIterator", "LongIterator", "Map",
      "MutableCollection", "MutableIterable", "MutableIterator", "MutableList", "MutableListIterator",
      "MutableMap", "MutableSet", "RandomAccess", "Set", "ShortIterator",
      // kotlin.comparisons: functions only. kotlin.io
      "AccessDeniedException", "FileAlreadyExistsException", "FileSystemException", "FileTreeWalk",
      "FileWalkDirection", "NoSuchFileException", "OnErrorAction",
      // kotlin.ranges
      "CharProgression", "CharRange", "ClosedFloatingPointRange", "ClosedRange", "IntProgression",
      "IntRange", "LongProgression", "LongRange", "OpenEndRange", "UIntProgression", "UIntRange",
      "ULongProgression", "ULongRange",
      // kotlin.sequences
      "Sequence", "SequenceScope",
      // kotlin.text
      "Appendable", "CharacterCodingException", "CharCategory", "CharDirectionality", "HexFormat",
      "MatchGroup", "MatchGroupCollection", "MatchNamedGroupCollection", "MatchResult", "Regex",
      "Charsets", "RegexOption", "StringBuilder", "Typography",
      // kotlin.jvm
      "JvmDefault", "JvmDefaultWithCompatibility", "JvmDefaultWithoutCompatibility", "JvmExposeBoxed",
      "JvmField", "JvmInline", "JvmMultifileClass", "JvmName", "JvmOverloads", "JvmRecord", "JvmSerializableLambda",
      "JvmStatic", "JvmSuppressWildcards", "JvmSynthetic", "JvmWildcard", "KotlinReflectionNotSupportedError",
      "PurelyImplements", "Strictfp",
      "Synchronized", "Transient", "Volatile");

  @Test
  void noGeneratedNameIsAJavaLangOrKotlinDefaultImport() throws Exception {
    Set<String> javaLang = javaLangNames();
    assertThat(javaLang).as("java.lang read from the JDK").contains("Object", "Record", "Character", "Module");

    TreeMap<String, String> clashes = new TreeMap<>();
    List<Class<?>> generated = generatedClasses();
    for (Class<?> type : generated) {
      String name = type.getSimpleName();
      if (javaLang.contains(name)) {
        clashes.put(type.getName(), "java.lang." + name);
      } else if (KOTLIN_DEFAULT_IMPORTS.contains(name)) {
        clashes.put(type.getName(), "a Kotlin default import");
      }
    }
    assertThat(generated).as("generated classes found").hasSizeGreaterThan(300);
    assertThat(clashes).as("rename the schema in the spec (CURATION.md, item 14)").isEmpty();
  }

  /** The public top-level classes of java.lang in the running JDK. */
  private static Set<String> javaLangNames() throws IOException {
    Set<String> names = new TreeSet<>();
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    try (Stream<Path> files = Files.list(jrt.getPath("/modules/java.base/java/lang"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
          String simple = name.substring(0, name.length() - ".class".length());
          try {
            if (Modifier.isPublic(Class.forName("java.lang." + simple, false, null).getModifiers())) {
              names.add(simple);
            }
          } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return names;
  }

  /** Every generated top-level class and, recursively, its public nested classes. */
  private static List<Class<?>> generatedClasses() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GENERATED)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = GENERATED.relativize(file).toString();
        if (name.endsWith(".java") && !name.endsWith("package-info.java")) {
          String className = name.substring(0, name.length() - ".java".length()).replace('/', '.');
          addWithNested(Class.forName(className), classes);
        }
      }
    }
    return classes;
  }

  private static void addWithNested(Class<?> type, List<Class<?>> classes) {
    classes.add(type);
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (Modifier.isPublic(nested.getModifiers())) {
        addWithNested(nested, classes);
      }
    }
  }
}
