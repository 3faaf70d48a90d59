package dev.atmosphere.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Completion time with one node three times slower than the others, least-outstanding (power of two choices,
 * the router's policy among near-equal candidates) versus round-robin: a discrete-event simulation of 3 nodes
 * with 2 slots each and Poisson arrivals at 70 % of capacity. Deterministic for a seed.
 */
final class LoadBalancingBench {

  private LoadBalancingBench() {}

  private record Finish(double at, int node) {}

  static void run(PrintWriter out, long seed, int requests) {
    double[] roundRobin = simulate(seed, requests, false);
    double[] leastOutstanding = simulate(seed, requests, true);
    out.printf("load balancing, 3 nodes (one 3x slower), %d requests at 70%% load: p50/p99 completion "
            + "round-robin %.2f/%.2f s, least-outstanding %.2f/%.2f s (p99 %.0fx lower)%n", requests,
        Stats.percentile(roundRobin, 50), Stats.percentile(roundRobin, 99),
        Stats.percentile(leastOutstanding, 50), Stats.percentile(leastOutstanding, 99),
        Stats.percentile(roundRobin, 99) / Stats.percentile(leastOutstanding, 99));
    out.flush();
  }

  static double[] simulate(long seed, int requests, boolean leastOutstanding) {
    Random random = new Random(seed);
    double[] meanService = {1.0, 1.0, 3.0};
    int slots = 2;
    double capacity = 0;
    for (double m : meanService) {
      capacity += slots / m;
    }
    double rate = 0.7 * capacity;
    int[] outstanding = new int[3];
    List<List<Double>> queues = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int[] busy = new int[3];
    PriorityQueue<Finish> finishes = new PriorityQueue<>((a, b) -> Double.compare(a.at(), b.at()));
    double[] completion = new double[requests];
    java.util.Map<Finish, Double> started = new java.util.HashMap<>();
    double clock = 0;
    int next = 0;
    int done = 0;
    double nextArrival = -Math.log(1 - random.nextDouble()) / rate;
    while (done < requests) {
      boolean arrival = next < requests && (finishes.isEmpty() || nextArrival <= finishes.peek().at());
      if (arrival) {
        clock = nextArrival;
        int node;
        if (leastOutstanding) {
          int a = random.nextInt(3);
          int b = (a + 1 + random.nextInt(2)) % 3;
          node = outstanding[b] < outstanding[a] ? b : a;
        } else {
          node = next % 3;
        }
        outstanding[node]++;
        queues.get(node).add(clock);
        next++;
        nextArrival = clock - Math.log(1 - random.nextDouble()) / rate;
      } else {
        Finish f = finishes.poll();
        clock = f.at();
        completion[done++] = clock - started.remove(f);
        busy[f.node()]--;
        outstanding[f.node()]--;
      }
      for (int n = 0; n < 3; n++) {
        while (busy[n] < slots && !queues.get(n).isEmpty()) {
          double arrivedAt = queues.get(n).remove(0);
          Finish f = new Finish(clock - Math.log(1 - random.nextDouble()) * meanService[n], n);
          started.put(f, arrivedAt);
          finishes.add(f);
          busy[n]++;
        }
      }
    }
    return completion;
  }
}
