package tw.kuayu.workflow;

import camundajar.impl.scala.collection.immutable.List$;
import camundajar.impl.scala.util.Either;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult$;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.EvalContext$;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.valuemapper.ValueMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Camunda's FEEL engine (feel-scala 1.19) parses every DMN input expression and input entry again
 * on each evaluation; parsing was about a quarter of an eligibility decision and the decision 14 % of a land-tax
 * case's CPU in the capacity profile (docs/benchmarks.md, decision 035). This plugin gives the DMN
 * engine the same FEEL engine with the parsed expressions kept by their text: same parser, same
 * validation, same evaluation, same value mappers and custom functions, only the parse is done once.
 * Expressions that fail to parse are not kept, so their error is reported on every evaluation as before.
 * <p>
 * It also keeps the built-in functions: feel-scala builds its map of some hundred built-in functions
 * anew for every evaluation ({@code FeelEngine.rootContext}), half of an eligibility decision's CPU in the
 * profile of decision 038. The engine's own validation and evaluation steps are called as they are (they
 * are private, hence the method handles); only the root context is built from a function provider made
 * once. Should a later feel-scala lack those steps, the engine evaluates as it ships.
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

    /** Whether evaluations reuse the built-in functions (false: this feel-scala lacks the steps called, see the class comment). */
    public boolean keepsBuiltInFunctions() {
        return VALIDATE != null && EVALUATE_IN != null;
    }

    /** How many expressions were parsed since start (each distinct text once while it stays cached). */
    public long parses() {
        return parses.sum();
    }

    private static final Logger log = LoggerFactory.getLogger(ParsedFeelExpressions.class);

    /** {@code FeelEngine.validate(ParsedExpression)} and {@code FeelEngine.eval(ParsedExpression, EvalContext)}, or null. */
    private static final MethodHandle VALIDATE;
    private static final MethodHandle EVALUATE_IN;

    static {
        MethodHandle validate = null;
        MethodHandle evaluateIn = null;
        try {
            MethodHandles.Lookup engine = MethodHandles.privateLookupIn(FeelEngine.class, MethodHandles.lookup());
            validate = engine.findVirtual(FeelEngine.class, "validate", MethodType.methodType(Either.class, ParsedExpression.class));
            evaluateIn = engine.findVirtual(FeelEngine.class, "eval",
                    MethodType.methodType(EvaluationResult.class, ParsedExpression.class, EvalContext.class));
        } catch (ReflectiveOperationException | RuntimeException other) {
            log.warn("FEEL built-in functions are built per evaluation: this feel-scala has no {}", other.getMessage());
        }
        VALIDATE = validate;
        EVALUATE_IN = evaluateIn;
    }

    private final class CachingFeelEngine extends FeelEngine {

        /** The built-in functions, then the configured ones: FeelEngine's root context, built once. */
        private final FunctionProvider functions;

        CachingFeelEngine(FeelEngine configured) {
            super(configured.functionProvider(), configured.valueMapper(), configured.configuration(), configured.clock());
            functions = new FunctionProvider.CompositeFunctionProvider(List$.MODULE$.<FunctionProvider>empty()
                    .$colon$colon(functionProvider()).$colon$colon(new BuiltinFunctions(clock(), valueMapper())));
        }

        /** As {@code FeelEngine.evaluate}: validate, evaluate in the root context merged with {@code context}, failures as results. */
        @Override
        @SuppressWarnings("unchecked")
        public EvaluationResult evaluate(ParsedExpression expression, Context context) {
            if (VALIDATE == null) {
                return super.evaluate(expression, context);
            }
            try {
                Either<FeelEngine.Failure, ParsedExpression> valid = (Either<FeelEngine.Failure, ParsedExpression>) VALIDATE.invoke(this, expression);
                if (valid.isLeft()) {
                    return new FailedEvaluationResult(valid.left().toOption().get(), FailedEvaluationResult$.MODULE$.apply$default$2());
                }
                return (EvaluationResult) EVALUATE_IN.invoke(this, expression, EvalContext$.MODULE$.create(valueMapper(), functions).merge(context));
            } catch (VirtualMachineError | LinkageError fatal) {
                throw fatal;
            } catch (Throwable e) {
                return new FailedEvaluationResult(new FeelEngine.Failure("failed to evaluate expression '" + expression.text() + "' : " + e),
                        FailedEvaluationResult$.MODULE$.apply$default$2());
            }
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
