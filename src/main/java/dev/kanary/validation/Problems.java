package dev.kanary.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems found while validating one resource; the first one sets the reason. */
final class Problems {

  private final List<String> messages = new ArrayList<>();
  private String reason;

  /**
   * Records a problem.
   *
   * @param reason a CamelCase reason, used when this is the first problem
   * @param message what is wrong, naming the field
   */
  void add(String reason, String message) {
    if (this.reason == null) {
      this.reason = reason;
    }
    messages.add(message);
  }

  /**
   * Tells whether any problem was recorded.
   *
   * @return true when none was
   */
  boolean isEmpty() {
    return messages.isEmpty();
  }

  /**
   * The verdict.
   *
   * @param validMessage the message when no problem was recorded
   * @return valid, or invalid with every problem
   */
  Validation toValidation(String validMessage) {
    return messages.isEmpty()
        ? Validation.valid(validMessage)
        : Validation.invalid(reason, List.copyOf(messages));
  }
}
