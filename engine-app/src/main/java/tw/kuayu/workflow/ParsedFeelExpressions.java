package tw.kuayu.workflow;

import camundajar.impl.scala.util.Either;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.CustomFunctionTransformer;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.feel.FeelEngine;
import org.camunda.feel.context.Context;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.valuemapper.ValueMapper;
import org.springframework.stereotype.Component;

/**
 * Camunda's FEEL engine (feel-scala 1.19) parses every DMN input expression and input entry again
 * on each evaluation; parsing was about a quarter of an eligibility decision and the decision 14 % of a land-tax
 * case's CPU in the capacity profile (docs/benchmarks.md, decision 035). This plugin gives the DMN
 * engine the same FEEL engine with the parsed expressions kept by their text: same parser, same
 * validation, same evaluation, same value mappers and custom functions, only the parse is done once.
 * Expressions that fail to parse are not kept, so their error is reported on every evaluation as before.
 */
@Component
public class ParsedFeelExpressions extends AbstractProcessEnginePlugin {

    /** More distinct expressions than this (many table versions deployed) empties the cache and starts again. */
    static final int MAX_EXPRESSIONS = 10_000;

    private final Map<String, ParsedExpression> expressions = new ConcurrentHashMap<>();
    private final Map<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();
    private final LongAdder parses = new LongAdder();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        // the providers are read when the DMN engine is built (init), after every plugin's preInit
        dmn.setFeelEngineFactory(() -> new ScalaFeelEngine(Optional.ofNullable(configuration.getDmnFeelCustomFunctionProviders())
                .orElse(List.of())) {
            @Override
            protected FeelEngine buildFeelEngine(CustomFunctionTransformer functions, ValueMapper.CompositeValueMapper values) {
                return new CachingFeelEngine(super.buildFeelEngine(functions, values));
            }
        });
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** How many expressions were parsed since start (each distinct text once while it stays cached). */
    public long parses() {
        return parses.sum();
    }

    private final class CachingFeelEngine extends FeelEngine {

        CachingFeelEngine(FeelEngine configured) {
            super(configured.functionProvider(), configured.valueMapper(), configured.configuration(), configured.clock());
        }

        @Override
        public Either<FeelEngine.Failure, Object> evalExpression(String expression, Context context) {
            return evaluate(expressions, expression, this::parseExpression, context);
        }

        @Override
        public Either<FeelEngine.Failure, Object> evalUnaryTests(String expression, Context context) {
            return evaluate(unaryTests, expression, this::parseUnaryTests, context);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Either<FeelEngine.Failure, Object> evaluate(Map<String, ParsedExpression> cache, String text,
                                                           Function<String, Either<FeelEngine.Failure, ParsedExpression>> parser,
                                                           Context context) {
            ParsedExpression parsed = cache.get(text);
            if (parsed == null) {
                parses.increment();
                Either<FeelEngine.Failure, ParsedExpression> result = parser.apply(text);
                if (result.isLeft()) {
                    return (Either) result;
                }
                parsed = result.toOption().get();
                if (cache.size() >= MAX_EXPRESSIONS) {
                    cache.clear();
                }
                cache.put(text, parsed);
            }
            return eval(parsed, context);
        }
    }
}
