package dev.atmosphere.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} items seen, newest first: bounded memory for the live view. */
final class Recent<T> {

  private final int capacity;
  private final ArrayDeque<T> items = new ArrayDeque<>();

  Recent(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(T item) {
    items.addFirst(item);
    while (items.size() > capacity) {
      items.removeLast();
    }
  }

  synchronized List<T> list() {
    return new ArrayList<>(items);
  }
}
