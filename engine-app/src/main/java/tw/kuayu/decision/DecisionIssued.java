package tw.kuayu.decision;

/**
 * Published in the issuing transaction when a case's decision is issued and the case closed.
 *
 * @param outcome {@code approved} or {@code rejected}
 */
public record DecisionIssued(String caseId, String outcome) {
}
