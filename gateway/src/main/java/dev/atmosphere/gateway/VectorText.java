package dev.atmosphere.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An embeddings capability's answer — one vector {@code [..]} or a unit's vectors {@code [[..],[..]]}, as JSON text —
 * split into each vector's own text, so a float response passes the node's digits through instead of parsing every
 * number and printing it again (a 500-input request to MiniLM is 192,000 numbers, which cost the gateway a quarter of
 * a core). Only arrays of plain JSON numbers pass; anything else (NaN, strings, deeper nesting, a malformed number) is
 * refused, and the caller parses the answer as before.
 */
final class VectorText {

  private VectorText() {}

  /** Each vector's JSON text in input order, or empty when the answer is not plain arrays of JSON numbers. */
  static Optional<List<String>> split(String json) {
    if (json == null) {
      return Optional.empty();
    }
    int start = skip(json, 0);
    if (start >= json.length() || json.charAt(start) != '[') {
      return Optional.empty();
    }
    int first = skip(json, start + 1);
    if (first >= json.length() || json.charAt(first) != '[') { // one vector
      int end = numbers(json, start + 1);
      return end < 0 || skip(json, end + 1) != json.length() ? Optional.empty()
          : Optional.of(List.of(json.substring(start, end + 1)));
    }
    List<String> out = new ArrayList<>();
    for (int i = first; ; ) {
      if (i >= json.length() || json.charAt(i) != '[') {
        return Optional.empty();
      }
      int end = numbers(json, i + 1);
      if (end < 0) {
        return Optional.empty();
      }
      out.add(json.substring(i, end + 1));
      i = skip(json, end + 1);
      if (i < json.length() && json.charAt(i) == ']') {
        return skip(json, i + 1) == json.length() ? Optional.of(out) : Optional.empty();
      }
      if (i >= json.length() || json.charAt(i) != ',') {
        return Optional.empty();
      }
      i = skip(json, i + 1);
    }
  }

  /** Index of the {@code ]} that ends the numbers starting at {@code from}, or -1 (none, or something else). */
  private static int numbers(String s, int from) {
    int i = skip(s, from);
    while (true) {
      int end = number(s, i);
      if (end == i) {
        return -1;
      }
      i = skip(s, end);
      if (i >= s.length()) {
        return -1;
      }
      if (s.charAt(i) == ']') {
        return i;
      }
      if (s.charAt(i) != ',') {
        return -1;
      }
      i = skip(s, i + 1);
    }
  }

  /** Where the JSON number at {@code i} ends; {@code i} itself when none starts there. */
  private static int number(String s, int i) {
    int k = i < s.length() && s.charAt(i) == '-' ? i + 1 : i;
    int end = digits(s, k);
    if (end == k || (s.charAt(k) == '0' && end > k + 1)) { // no digits, or a leading zero JSON forbids
      return i;
    }
    k = end;
    if (k < s.length() && s.charAt(k) == '.') {
      end = digits(s, k + 1);
      if (end == k + 1) {
        return i;
      }
      k = end;
    }
    if (k < s.length() && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
      k++;
      if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      end = digits(s, k);
      if (end == k) {
        return i;
      }
      k = end;
    }
    return k;
  }

  private static int digits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static int skip(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\r' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
