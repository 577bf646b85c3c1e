package dev.kanary.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about the project the shipped manifests must agree with: its version and image. */
final class Project {

  /** The kustomize root. */
  static final Path KUBERNETES = Path.of("kubernetes");

  /** The container image repository of the operator. */
  static final String IMAGE_REPOSITORY = "ghcr.io/kanary/kanary";

  private static final Pattern VERSION =
      Pattern.compile("<artifactId>kanary</artifactId>\\s*<version>([^<]+)</version>");

  private Project() {}

  /**
   * The project's version, read from {@code pom.xml}.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}
   */
  static String version() {
    try {
      Matcher matcher = VERSION.matcher(Files.readString(Path.of("pom.xml")));
      if (!matcher.find()) {
        throw new IllegalStateException("no project version in pom.xml");
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The operator's image for this version.
   *
   * @return the image reference
   */
  static String image() {
    return IMAGE_REPOSITORY + ":" + version();
  }
}
