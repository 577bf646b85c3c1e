package dev.kanary.loadtester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Splits command strings the way sh does for simple commands. */
class CommandLineTest {

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("hey -z 1m http://x/", List.of("hey", "-z", "1m", "http://x/"), true),
        Arguments.of(
            "hey -z 1m -q 10 -c 2 -H 'Cookie: type=insider' http://frontend-canary.prod:9898/",
            List.of(
                "hey",
                "-z",
                "1m",
                "-q",
                "10",
                "-c",
                "2",
                "-H",
                "Cookie: type=insider",
                "http://frontend-canary.prod:9898/"),
            true),
        Arguments.of(
            "hey -H \"User-Agent: Mozilla/5.0 Safari/605\" -d \"{\\\"a\\\": 1}\" http://x/",
            List.of(
                "hey", "-H", "User-Agent: Mozilla/5.0 Safari/605", "-d", "{\"a\": 1}", "http://x/"),
            true),
        Arguments.of("  a\\ b   'c'\"d\"  ", List.of("a b", "cd"), true),
        Arguments.of("hey http://x/?a=1&b=2", List.of("hey", "http://x/?a=1&b=2"), false),
        Arguments.of("hey 'http://x/?a=1&b=2'", List.of("hey", "http://x/?a=1&b=2"), true),
        Arguments.of(
            "curl -s http://x/ | grep token",
            List.of("curl", "-s", "http://x/", "|", "grep", "token"),
            false),
        Arguments.of(
            "hey http://x/ && echo done", List.of("hey", "http://x/", "&&", "echo", "done"), false),
        Arguments.of("hey \"$URL\"", List.of("hey", "$URL"), false),
        Arguments.of("X=1 hey http://x/", List.of("X=1", "hey", "http://x/"), false),
        Arguments.of("hey http://x/ # comment", List.of("hey", "http://x/", "#", "comment"), false),
        Arguments.of("hey 'a#b' http://x/#frag", List.of("hey", "a#b", "http://x/#frag"), true),
        Arguments.of("", List.of(), true));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void splits(String command, List<String> words, boolean simple) {
    CommandLine line = CommandLine.parse(command);
    assertEquals(words, line.words());
    assertEquals(simple, line.simple());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hey 'open", "hey \"open", "hey trailing\\"})
  void rejectsUnfinishedQuoting(String command) {
    assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(command));
  }
}
