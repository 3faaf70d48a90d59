package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VectorTextTest {

  @Test
  void shouldSplitAUnitsVectorsInOrderKeepingTheirDigits() {
    assertThat(VectorText.split(" [[0.012345678,-1.5E-7], [2, 3e+2 ],[0]] "))
        .contains(List.of("[0.012345678,-1.5E-7]", "[2, 3e+2 ]", "[0]"));
  }

  @Test
  void shouldTakeOneVectorWhole() {
    assertThat(VectorText.split("[-0.5,1.0,\n2.25]")).contains(List.of("[-0.5,1.0,\n2.25]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "[[]]", "[NaN,1.0]", "[[1.0],[Infinity]]", "[\"1.0\"]", "[[[1.0]]]", "[1.0,]",
      "[,1.0]", "[1-2]", "[1e]", "[--1]", "[01]", "[1.]", "[.5]", "[1.0] x", "[[1.0],[2.0]", "[[1.0] [2.0]]",
      "[[1.0],2.0]", "[1.0],[2.0]", "{\"a\":1}", "[1.0]]"})
  void shouldRefuseAnythingButArraysOfJsonNumbers(String answer) {
    assertThat(VectorText.split(answer)).as(answer).isEmpty();
  }
}
