package org.citadel.realmfs.api;

/** One step of a {@link BuildPlan}: the stage it belongs to and what it will do. */
public record PlannedStep(Stage stage, String description) {
    @Override
    public String toString() {
        return stage + ": " + description;
    }
}
