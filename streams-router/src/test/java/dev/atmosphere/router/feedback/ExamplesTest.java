package dev.atmosphere.router.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The nearest-neighbour layer: k nearest above the similarity floor vote, weighted by similarity and verdict. */
class ExamplesTest {

  private static float[] v(float x, float y) {
    float n = (float) Math.sqrt(x * x + y * y);
    return new float[] {x / n, y / n};
  }

  @Test
  void shouldShareTheSayAmongTheKNearestWhenNoneIsTheSameQuestion() {
    Examples examples = new Examples(List.of(new Examples.Example(v(1, 0.6f), "sql", 1),
        new Examples.Example(v(1, 0.7f), "sql", 1), new Examples.Example(v(1, -0.6f), "finance", 1)), 10, 0.5, 1.0);

    var bonus = examples.bonus(v(1, 0));

    assertThat(bonus.get("sql")).isCloseTo((0.857 + 0.819) / 10, within(0.01));
    assertThat(bonus.get("finance")).isCloseTo(0.857 / 10, within(0.01));
  }

  @Test
  void shouldLeanTowardsTheCapabilitiesOfTheNearestExamplesOnly() {
    Examples examples = new Examples(List.of(new Examples.Example(v(1, 0), "sql", 1),
        new Examples.Example(v(1, 0.1f), "sql", 1), new Examples.Example(v(1, 0.2f), "finance", -1),
        new Examples.Example(v(0, 1), "kitchen", 1)), 3, 0.5, 1.0);

    var bonus = examples.bonus(v(1, 0));

    assertThat(bonus.get("sql")).isCloseTo(1 + 0.995, within(0.01)); // the same question again counts fully
    assertThat(bonus.get("finance")).isNegative();
    assertThat(bonus).doesNotContainKey("kitchen"); // orthogonal: below the floor
    assertThat(Examples.NONE.bonus(v(1, 0))).isEmpty();
  }
}
