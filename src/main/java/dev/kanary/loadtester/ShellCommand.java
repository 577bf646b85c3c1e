package dev.kanary.loadtester;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command through a shell with a timeout, capturing its combined output. */
public final class ShellCommand {

  private ShellCommand() {}

  /**
   * The outcome of a command.
   *
   * @param exitCode the exit code, -1 when it timed out or could not start
   * @param output standard output and standard error, interleaved
   * @param failure why the command failed in Go's words ({@code exit status 1}, {@code signal:
   *     killed}, ...), empty when it succeeded
   */
  public record Result(int exitCode, String output, String failure) {

    /**
     * Whether the command succeeded.
     *
     * @return true when it exited with code 0 within its timeout
     */
    public boolean ok() {
      return failure.isEmpty();
    }
  }

  /**
   * Runs {@code sh -c command}, as Flagger's {@code cmd} tasks do.
   *
   * @param command the command
   * @param timeout the time after which the command is killed
   * @return the outcome
   */
  public static Result sh(String command, Duration timeout) {
    return run(List.of("/bin/sh", "-c", command), timeout);
  }

  /**
   * Runs {@code bash -c command}, as Flagger's {@code bash} tasks do; {@code /bin/sh} stands in
   * when the image has no bash.
   *
   * @param command the command
   * @param timeout the time after which the command is killed
   * @return the outcome
   */
  public static Result bash(String command, Duration timeout) {
    String shell =
        List.of("/bin/bash", "/usr/bin/bash").stream()
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElse("/bin/sh");
    return run(List.of(shell, "-c", command), timeout);
  }

  private static Result run(List<String> argv, Duration timeout) {
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new Result(-1, "", e.getMessage());
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        return new Result(-1, collected(output), "signal: killed (timeout " + timeout + ")");
      }
      int code = process.exitValue();
      return new Result(code, collected(output), code == 0 ? "" : "exit status " + code);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }

  private static String collected(CompletableFuture<String> output) throws InterruptedException {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  private static String readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
