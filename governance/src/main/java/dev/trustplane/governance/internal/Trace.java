package dev.trustplane.governance.internal;

import java.util.ArrayList;
import java.util.List;

/** One node of an explanation: the condition, the values it saw, and its result. */
public final class Trace {
    private final String label;
    private final List<Trace> children = new ArrayList<>();
    private boolean result;

    public Trace(String label) {
        this.label = label;
    }

    public Trace child(String childLabel) {
        Trace t = new Trace(childLabel);
        children.add(t);
        return t;
    }

    public boolean set(boolean value) {
        this.result = value;
        return value;
    }

    public boolean result() {
        return result;
    }

    public String label() {
        return label;
    }

    public List<Trace> children() {
        return children;
    }

    /** An indented tree, one node a line: {@code [true] field 'type' = "..." equals "..."}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        render(sb, "");
        return sb.toString();
    }

    private void render(StringBuilder sb, String indent) {
        sb.append(indent).append('[').append(result).append("] ").append(label).append('\n');
        for (Trace c : children) {
            c.render(sb, indent + "  ");
        }
    }
}
