package dev.kanary.loadtester;

import java.util.ArrayList;
import java.util.List;

/**
 * A command string split into words the way a POSIX shell would for a simple command: blanks
 * separate words, single quotes keep everything literal, double quotes and backslashes escape.
 *
 * @param words the words, quotes removed
 * @param simple false when the command uses shell syntax beyond quoting and words (pipes, lists,
 *     redirections, substitutions, sub-shells, comments, variable assignments), so that only a
 *     shell can run it faithfully
 */
public record CommandLine(List<String> words, boolean simple) {

  private static final String OPERATORS = "|&;<>()$`\n";

  /**
   * Splits a command string.
   *
   * @param command the command, for example {@code hey -H 'Cookie: type=insider' http://x/}
   * @return the words and whether the command is a simple command
   * @throws IllegalArgumentException when a quote is left open or the command ends with a backslash
   */
  public static CommandLine parse(String command) {
    return new Splitter(command).split();
  }

  /** The state of one split. */
  private static final class Splitter {
    private final String command;
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean simple = true;
    private int i;

    Splitter(String command) {
      this.command = command;
    }

    CommandLine split() {
      while (i < command.length()) {
        char c = command.charAt(i);
        if (c == '\'') {
          singleQuoted();
        } else if (c == '"') {
          doubleQuoted();
        } else if (c == '\\') {
          if (i + 1 >= command.length()) {
            throw new IllegalArgumentException("command ends with a backslash");
          }
          append(command.charAt(i + 1), 2);
        } else if (c == ' ' || c == '\t') {
          endWord();
          i++;
        } else {
          if (OPERATORS.indexOf(c) >= 0 || (c == '#' && !inWord)) {
            simple = false;
          }
          append(c, 1);
        }
      }
      endWord();
      if (!words.isEmpty() && words.get(0).contains("=")) {
        simple = false;
      }
      return new CommandLine(List.copyOf(words), simple);
    }

    private void singleQuoted() {
      int end = command.indexOf('\'', i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated single quote");
      }
      word.append(command, i + 1, end);
      inWord = true;
      i = end + 1;
    }

    private void doubleQuoted() {
      inWord = true;
      i++;
      while (i < command.length()) {
        char c = command.charAt(i);
        if (c == '"') {
          i++;
          return;
        }
        if (c == '\\'
            && i + 1 < command.length()
            && "\"\\$`\n".indexOf(command.charAt(i + 1)) >= 0) {
          append(command.charAt(i + 1), 2);
        } else {
          if (c == '$' || c == '`') {
            simple = false;
          }
          append(c, 1);
        }
      }
      throw new IllegalArgumentException("unterminated double quote");
    }

    private void append(char c, int consumed) {
      word.append(c);
      inWord = true;
      i += consumed;
    }

    private void endWord() {
      if (inWord) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
    }
  }
}
