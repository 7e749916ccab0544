package tw.kuayu.processes.checks;

import java.util.Set;

/**
 * What a model may refer to. The build fills it from the repository's files; the engine-app from the live
 * catalog and engine.
 */
public interface CheckContext {

    /** Agency keys, e.g. {@code tpe-tax}; a candidate group is an agency or {@code <agency>.<role>}. */
    Set<String> agencies();

    /** Ids of the Camunda Forms a user task may name in {@code camunda:formRef}. */
    Set<String> forms();

    /** Evidence sources a connector step may name in {@code kuayu.source}, e.g. {@code household}. */
    Set<String> connectorSources();

    /** Process keys a call activity may call (the deployed ones and those in the checked file). */
    Set<String> processKeys();

    /** Script languages an administrator allows (lower case); empty = no scripts at all. */
    Set<String> scriptLanguages();

    /** Whether every user task must carry {@code kuayu.targetWorkingDays} (SLA target). Off until every model has one. */
    boolean slaTargetsRequired();

    /** A fixed context. */
    static CheckContext of(Set<String> agencies, Set<String> forms, Set<String> connectorSources, Set<String> processKeys,
                           Set<String> scriptLanguages, boolean slaTargetsRequired) {
        return new Fixed(Set.copyOf(agencies), Set.copyOf(forms), Set.copyOf(connectorSources), Set.copyOf(processKeys),
                Set.copyOf(scriptLanguages), slaTargetsRequired);
    }

    record Fixed(Set<String> agencies, Set<String> forms, Set<String> connectorSources, Set<String> processKeys,
                 Set<String> scriptLanguages, boolean slaTargetsRequired) implements CheckContext {
    }
}
