package dev.trustplane.server.auth.rbac;

import java.util.List;

/**
 * One permission block of a role definition. Managed HSM roles carry data actions only; {@code actions} and
 * {@code notActions} are always empty. What a block grants is its data actions minus its not-data-actions;
 * "not" entries exclude, they do not deny: another block or another assignment may still grant the action.
 */
public record Permission(List<String> dataActions, List<String> notDataActions) {
    public Permission {
        dataActions = List.copyOf(dataActions);
        notDataActions = List.copyOf(notDataActions);
    }

    public boolean grants(String action) {
        return dataActions.contains(action) && !notDataActions.contains(action);
    }
}
