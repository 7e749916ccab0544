package tw.kuayu.evidence;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;
import tw.kuayu.connectors.ConnectorException;

/**
 * A refused lookup (field beyond the legal basis, unknown record type, rejected credentials) will
 * be refused again however often it is retried, so its job gets no retries: the incident, with
 * the zh-TW reason, appears at once. Someone has to fix the case type or the credentials and then
 * retry it in Cockpit. Every other failure keeps the model's retry cycle.
 *
 * <p>Not a BPMN error: that would need every case-type model to catch it, and the fix is a
 * configuration change, not another path through the process.
 */
@Component
class RefusedLookupsFailAtOnce extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobCommandFactory(RetryCmd::new);
    }

    static ConnectorException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectorException e && !e.retryable()) {
                return e;
            }
        }
        return null;
    }

    static final class RetryCmd extends DefaultJobRetryCmd {

        RetryCmd(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            ConnectorException refusal = refusal(exception);
            JobEntity job = refusal == null ? null : getJob();
            if (job == null) {
                return super.execute(commandContext);
            }
            exception = refusal; // the incident shows the refusal's zh-TW reason, not a wrapper's
            job.unlock();
            logException(job);
            job.setRetries(0);
            notifyAcquisition(commandContext);
            return null;
        }
    }
}
