package dev.kanary.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Compares the committed CRDs with what the build generates; run from a test that has booted
 * Quarkus, since the CRDs are generated while the application is built.
 */
public final class CrdConsistencyCheck {

  private CrdConsistencyCheck() {}

  /**
   * Fails when a committed CRD differs from the generated one, or rewrites it when the system
   * property {@code crds.update} is true.
   */
  public static void verify() throws IOException {
    boolean update = Boolean.getBoolean("crds.update");
    for (String plural : CrdFiles.PLURALS) {
      String rendered = CrdFiles.render(plural);
      if (update) {
        CrdFiles.write(plural, rendered);
      }
      String committed =
          Files.exists(CrdFiles.committed(plural))
              ? Files.readString(CrdFiles.committed(plural))
              : "";
      assertEquals(
          rendered,
          committed,
          CrdFiles.committed(plural)
              + " is stale; regenerate it with ./mvnw test -Dtest=KanaryOperatorTest"
              + " -Dcrds.update=true");
    }
  }
}
