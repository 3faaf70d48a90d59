package dev.atmosphere.schemas.topics;

import java.util.regex.Pattern;

/** Node ids become topic names ({@code <prefix>.work.<node id>}), so they are limited to Kafka's legal characters. */
public final class NodeIds {

  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private NodeIds() {}

  /** {@code nodeId} when it is one, else an exception saying what a node id may hold. */
  public static String require(String nodeId) {
    if (nodeId == null || !PATTERN.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("node id '" + nodeId + "' must be 1-100 characters of A-Z a-z 0-9 . _ -");
    }
    return nodeId;
  }
}
