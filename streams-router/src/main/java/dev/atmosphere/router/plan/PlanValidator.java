package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses plans that could never finish or would run the wrong thing: no units, too many, duplicate or illegal unit
 * ids, dependencies on units that do not exist, cycles, placeholders naming a unit that is not a dependency, and
 * unknown kinds. Every problem is reported, each naming the unit, so a hand-written or LLM-written plan can be fixed.
 */
public final class PlanValidator {

  static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

  private final int maxUnits;

  public PlanValidator(int maxUnits) {
    this.maxUnits = maxUnits;
  }

  public List<String> problems(Plan plan) {
    List<String> problems = new ArrayList<>();
    List<PlanUnit> units = plan.getUnits();
    if (units.isEmpty()) {
      problems.add("plan " + plan.getPlanId() + " has no units");
      return problems;
    }
    if (units.size() > maxUnits) {
      problems.add("plan has " + units.size() + " units; at most " + maxUnits + " are allowed (router.plan.max.units)");
    }
    Map<String, PlanUnit> byId = new HashMap<>();
    for (PlanUnit u : units) {
      if (!UNIT_ID.matcher(u.getUnitId()).matches()) {
        problems.add("unit id '" + u.getUnitId() + "' must be 1-64 characters of A-Z a-z 0-9 _ . -");
      }
      if (byId.put(u.getUnitId(), u) != null) {
        problems.add("unit id '" + u.getUnitId() + "' is used twice");
      }
      if (u.getKind() == IntentKind.UNKNOWN) {
        problems.add("unit '" + u.getUnitId() + "' has kind UNKNOWN; use CHAT, EMBED, RAG or VISION");
      }
      if (u.getText().isBlank()) {
        problems.add("unit '" + u.getUnitId() + "' has an empty text");
      }
    }
    for (PlanUnit u : units) {
      for (String dep : u.getDependsOn()) {
        if (!byId.containsKey(dep)) {
          problems.add("unit '" + u.getUnitId() + "' depends on '" + dep + "', which is not a unit of this plan");
        }
      }
      Matcher m = PLACEHOLDER.matcher(u.getText());
      while (m.find()) {
        if (!u.getDependsOn().contains(m.group(1))) {
          problems.add("unit '" + u.getUnitId() + "' uses {{" + m.group(1) + "}} but does not depend on it");
        }
      }
    }
    cycle(units, byId).ifPresent(problems::add);
    return problems;
  }

  private static java.util.Optional<String> cycle(List<PlanUnit> units, Map<String, PlanUnit> byId) {
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (PlanUnit u : units) {
      String found = visit(u.getUnitId(), byId, done, visiting);
      if (found != null) {
        return java.util.Optional.of("dependencies form a cycle through unit '" + found + "'");
      }
    }
    return java.util.Optional.empty();
  }

  private static String visit(String id, Map<String, PlanUnit> byId, Set<String> done, Set<String> visiting) {
    if (done.contains(id) || !byId.containsKey(id)) {
      return null;
    }
    if (!visiting.add(id)) {
      return id;
    }
    for (String dep : byId.get(id).getDependsOn()) {
      String found = visit(dep, byId, done, visiting);
      if (found != null) {
        return found;
      }
    }
    visiting.remove(id);
    done.add(id);
    return null;
  }
}
