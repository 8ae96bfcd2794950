package dev.awskit.ecs.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.awskit.core.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Adds the line and column of its JSON Pointer to each finding, for findings in a file. */
public final class Locator {
    private Locator() {}

    /** The findings with line/column set where the text has their pointer (or its nearest parent). */
    public static List<Finding> locate(String json, List<Finding> findings) {
        if (findings.stream().noneMatch(f -> !f.path().isEmpty() && f.line().isEmpty())) {
            return findings;
        }
        Map<String, int[]> where = positions(json);
        if (where.isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (f.path().isEmpty() || f.line().isPresent()) {
                out.add(f);
                continue;
            }
            String p = f.path();
            int[] at = where.get(p);
            while (at == null && p.lastIndexOf('/') > 0) {
                p = p.substring(0, p.lastIndexOf('/'));
                at = where.get(p);
            }
            out.add(
                    at == null
                            ? f
                            : Finding.builder()
                                    .severity(f.severity())
                                    .rule(f.rule())
                                    .path(f.path())
                                    .message(f.message())
                                    .fix(f.fix())
                                    .line(at[0])
                                    .column(at[1])
                                    .build());
        }
        return out;
    }

    private static Map<String, int[]> positions(String json) {
        Map<String, int[]> out = new HashMap<>();
        for (var mapper : List.of(TaskDefinitionReader.STRICT, TaskDefinitionReader.LENIENT)) {
            out.clear();
            try (JsonParser p = mapper.createParser(json)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        continue;
                    }
                    var ctx = p.getParsingContext();
                    boolean start = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                    var container = start ? ctx.getParent() : ctx;
                    // a member is found by its name; only array elements need their own position
                    if (t != JsonToken.FIELD_NAME && (container == null || !container.inArray())) {
                        continue;
                    }
                    String pointer = ctx.pathAsPointer().toString();
                    JsonLocation loc = p.currentTokenLocation();
                    out.putIfAbsent(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
                }
                return out;
            } catch (IOException | RuntimeException e) {
                // not parseable this way: try the lenient reading, or give up on locations
            }
        }
        return Map.of();
    }
}
