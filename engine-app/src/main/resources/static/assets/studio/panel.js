/*
 * The studio's properties panel: what Kuayu needs on the selected BPMN element (candidate groups, form, timer,
 * kuayu.* extension properties), written through bpmn-js's command stack so every change can be undone.
 * The modeler runs without a Camunda moddle descriptor: camunda:* attributes live in businessObject.$attrs and
 * camunda:* extension elements are generic elements ($type, own attributes, $children), which bpmn-js writes back
 * unchanged. See docs/decisions/020-studio-page.md.
 */
(function () {
  'use strict';
  const CAMUNDA = 'http://camunda.org/schema/1.0/bpmn';
  const el = window.Kuayu.el;

  /** kuayu.* properties the engine-app reads (docs/process-contract.md, process-owner-guide.md). */
  const USER_TASK_PROPERTIES = [
    {name: 'kuayu.actions', label: '可選處理方式（kuayu.actions，逗號分隔，如 approve,reject,return）'},
    {name: 'kuayu.role', label: '角色（kuayu.role，如 caseworker、approver、reviewer）'},
    {name: 'kuayu.targetWorkingDays', label: '內部作業時限（kuayu.targetWorkingDays，工作天）', type: 'number'},
    {name: 'kuayu.fields', label: '額外欄位（kuayu.fields，逗號分隔，如 inspectionDate）'}
  ];
  const CONNECTOR_PROPERTIES = [
    {name: 'kuayu.source', label: '資料來源（kuayu.source，如 household）', list: 'sources-list'},
    {name: 'kuayu.purpose', label: '調閱目的（kuayu.purpose）'}
  ];
  const TIMER_KINDS = [['timeDuration', '期間（如 P5D、PT2H）'], ['timeDate', '日期（ISO 8601 或運算式）'], ['timeCycle', '週期（如 R3/PT1H）']];
  const TYPE_NAMES = {
    'bpmn:UserTask': '使用者工作', 'bpmn:ServiceTask': '服務工作', 'bpmn:SendTask': '傳送工作', 'bpmn:BusinessRuleTask': '規則工作',
    'bpmn:CallActivity': '呼叫活動', 'bpmn:SubProcess': '子流程', 'bpmn:StartEvent': '開始事件', 'bpmn:EndEvent': '結束事件',
    'bpmn:BoundaryEvent': '邊界事件', 'bpmn:IntermediateCatchEvent': '中間捕捉事件', 'bpmn:IntermediateThrowEvent': '中間拋出事件',
    'bpmn:ExclusiveGateway': '互斥閘道', 'bpmn:ParallelGateway': '平行閘道', 'bpmn:InclusiveGateway': '包容閘道',
    'bpmn:SequenceFlow': '順序流', 'bpmn:Process': '流程', 'bpmn:Task': '工作'
  };

  /** Sets (or, for undefined, removes) plain properties of a generic element, undoably. */
  function GenericSetHandler() {
    this.execute = function (context) {
      context.old = {};
      Object.keys(context.properties).forEach(key => {
        context.old[key] = context.target[key];
        assign(context.target, key, context.properties[key]);
      });
      return [context.element];
    };
    this.revert = function (context) {
      Object.keys(context.old).forEach(key => assign(context.target, key, context.old[key]));
      return [context.element];
    };
  }

  function assign(target, key, value) {
    if (value === undefined) delete target[key]; else target[key] = value;
  }

  function attach(modeler, form, info) {
    const modeling = modeler.get('modeling');
    const moddle = modeler.get('moddle');
    const commandStack = modeler.get('commandStack');
    commandStack.registerHandler('kuayu.generic.set', GenericSetHandler);
    let selected = null;

    const is = (bo, type) => bo && bo.$instanceOf && bo.$instanceOf(type);
    const timerOf = bo => (bo.eventDefinitions || []).find(d => is(d, 'bpmn:TimerEventDefinition'));
    const propertiesOf = bo => ((bo.extensionElements && bo.extensionElements.values) || []).find(v => v.$type === 'camunda:properties');
    const propertyEntries = bo => ((propertiesOf(bo) || {}).$children || []).filter(c => c.$type === 'camunda:property');

    function property(bo, name) {
      const entry = propertyEntries(bo).find(p => p.name === name);
      return entry ? entry.value || '' : '';
    }

    function setProperty(element, name, value) {
      const bo = element.businessObject;
      const text = value.trim();
      const existing = propertyEntries(bo).find(p => p.name === name);
      if (existing) {
        const container = propertiesOf(bo);
        if (text === '') {
          commandStack.execute('kuayu.generic.set', {element, target: container,
            properties: {$children: container.$children.filter(c => c !== existing)}});
        } else {
          commandStack.execute('kuayu.generic.set', {element, target: existing, properties: {value: text}});
        }
        return;
      }
      if (text === '') return;
      let extensions = bo.extensionElements;
      if (!extensions) {
        extensions = moddle.create('bpmn:ExtensionElements', {values: []});
        extensions.$parent = bo;
        modeling.updateProperties(element, {extensionElements: extensions});
      }
      let container = propertiesOf(bo);
      if (!container) {
        container = moddle.createAny('camunda:properties', CAMUNDA, {});
        container.$children = [];
        container.$parent = extensions;
        modeling.updateModdleProperties(element, extensions, {values: extensions.get('values').concat([container])});
      }
      const entry = moddle.createAny('camunda:property', CAMUNDA, {name: name, value: text});
      entry.$parent = container;
      commandStack.execute('kuayu.generic.set', {element, target: container, properties: {$children: container.$children.concat([entry])}});
    }

    const childrenOf = (node, type) => ((node && node.$children) || []).filter(c => c.$type === type);
    const inputOutputOf = bo => ((bo.extensionElements && bo.extensionElements.values) || []).find(v => v.$type === 'camunda:inputOutput');
    const agenciesParameter = bo => childrenOf(inputOutputOf(bo), 'camunda:inputParameter').find(p => p.name === 'reviewAgencies');

    /** The joint review's agencies when the model sets them (a camunda:list input parameter), else none: the case type's. */
    function reviewAgencies(bo) {
      const list = childrenOf(agenciesParameter(bo), 'camunda:list')[0];
      return childrenOf(list, 'camunda:value').map(v => (v.$body || '').trim()).filter(Boolean);
    }

    /** Writes the agencies as the input parameter the called joint review reads (camunda:in reviewAgencies), undoably. */
    function setReviewAgencies(element, value) {
      const bo = element.businessObject;
      const agencies = value.split(/[,，、\s]+/).map(a => a.trim()).filter(Boolean);
      let extensions = bo.extensionElements;
      if (!extensions) {
        extensions = moddle.create('bpmn:ExtensionElements', {values: []});
        extensions.$parent = bo;
        modeling.updateProperties(element, {extensionElements: extensions});
      }
      let io = inputOutputOf(bo);
      if (!io && agencies.length === 0) return;
      if (!io) {
        io = moddle.createAny('camunda:inputOutput', CAMUNDA, {});
        io.$children = [];
        io.$parent = extensions;
        // before camunda:in, so the called process reads the parameter rather than the case's variable
        modeling.updateModdleProperties(element, extensions, {values: [io].concat(extensions.get('values'))});
      }
      const others = io.$children.filter(c => !(c.$type === 'camunda:inputParameter' && c.name === 'reviewAgencies'));
      if (agencies.length === 0) {
        commandStack.execute('kuayu.generic.set', {element, target: io, properties: {$children: others}});
        return;
      }
      const parameter = moddle.createAny('camunda:inputParameter', CAMUNDA, {name: 'reviewAgencies'});
      const list = moddle.createAny('camunda:list', CAMUNDA, {});
      list.$children = agencies.map(a => {
        const v = moddle.createAny('camunda:value', CAMUNDA, {});
        v.$body = a;
        v.$parent = list;
        return v;
      });
      list.$parent = parameter;
      parameter.$children = [list];
      parameter.$parent = io;
      commandStack.execute('kuayu.generic.set', {element, target: io, properties: {$children: others.concat([parameter])}});
    }

    function setTimer(element, kind, body) {
      const definition = timerOf(element.businessObject);
      const current = TIMER_KINDS.map(k => k[0]).find(k => definition[k]);
      const text = body.trim();
      if (current === kind && text !== '') {
        modeling.updateModdleProperties(element, definition[kind], {body: text});
        return;
      }
      const change = {};
      if (current) change[current] = undefined;
      if (text !== '') {
        const expression = moddle.create('bpmn:FormalExpression', {body: text});
        expression.$parent = definition;
        change[kind] = expression;
      }
      modeling.updateModdleProperties(element, definition, change);
    }

    function field(id, label, value, onChange, options) {
      const opts = options || {};
      const wrap = el('div', null, {'class': 'field'});
      wrap.append(el('label', label, {'for': id}));
      const input = el('input', null, {id: id, name: id, type: opts.type || 'text'});
      if (opts.list) input.setAttribute('list', opts.list);
      if (opts.hint) input.setAttribute('aria-describedby', id + '-hint');
      input.value = value || '';
      input.addEventListener('change', () => onChange(input.value));
      wrap.append(input);
      if (opts.hint) wrap.append(el('p', opts.hint, {id: id + '-hint', 'class': 'hint'}));
      form.append(wrap);
      return input;
    }

    function slug(name) {
      return 'prop-' + name.replace(/[^A-Za-z0-9]+/g, '-');
    }

    function render() {
      const focused = form.contains(document.activeElement) ? document.activeElement.id : null;
      draw();
      const again = focused && document.getElementById(focused);
      if (again) again.focus();
    }

    function draw() {
      form.replaceChildren();
      if (!selected) {
        info.textContent = '請在圖上點選一個元素。';
        return;
      }
      const element = selected;
      const bo = element.businessObject;
      info.textContent = (TYPE_NAMES[bo.$type] || bo.$type) + '　代碼：' + bo.id;
      field('prop-name', '名稱', bo.name, v => modeling.updateProperties(element, {name: v.trim() || undefined}));

      const known = [];
      if (is(bo, 'bpmn:UserTask')) {
        field('prop-candidateGroups', '承辦群組（camunda:candidateGroups）', bo.get('camunda:candidateGroups'),
          v => modeling.updateProperties(element, {'camunda:candidateGroups': v.trim() || undefined}),
          {list: 'groups-list', hint: '機關代碼（如 tpe-land）、機關角色（如 tpe-land.approver），或 ${ownerAgency}、${approverGroup}、${reviewAgency} 等合約運算式；多個以逗號分隔。'});
        field('prop-formRef', '表單（camunda:formRef）', bo.get('camunda:formRef'),
          v => modeling.updateProperties(element, {'camunda:formRef': v.trim() || undefined,
            'camunda:formRefBinding': v.trim() ? (bo.get('camunda:formRefBinding') || 'latest') : undefined}),
          {list: 'forms-list', hint: '應用程式所附的 Camunda Form 代碼（forms/）。'});
        USER_TASK_PROPERTIES.forEach(p => {
          known.push(p.name);
          field(slug(p.name), p.label, property(bo, p.name), v => setProperty(element, p.name, v), p);
        });
      }
      if (is(bo, 'bpmn:ServiceTask') || is(bo, 'bpmn:SendTask') || is(bo, 'bpmn:BusinessRuleTask') || property(bo, 'kuayu.source')) {
        CONNECTOR_PROPERTIES.forEach(p => {
          known.push(p.name);
          field(slug(p.name), p.label, property(bo, p.name), v => setProperty(element, p.name, v), p);
        });
      }
      if (is(bo, 'bpmn:CallActivity') && bo.calledElement === 'joint-review') {
        field('prop-reviewAgencies', '會辦機關（reviewAgencies，機關代碼以逗號分隔）', reviewAgencies(bo).join(','),
          v => setReviewAgencies(element, v), {list: 'groups-list',
            hint: '如 tpe-social,tpe-land,tpe-fire；留空則沿用案件類型設定的會辦機關。'});
      }
      const timer = bo.eventDefinitions ? timerOf(bo) : null;
      if (timer) {
        const current = TIMER_KINDS.map(k => k[0]).find(k => timer[k]) || 'timeDuration';
        const wrap = el('div', null, {'class': 'field'});
        wrap.append(el('label', '計時方式', {'for': 'prop-timerKind'}));
        const select = el('select', null, {id: 'prop-timerKind'});
        TIMER_KINDS.forEach(([value, label]) => {
          const option = el('option', label, {value: value});
          option.selected = value === current;
          select.append(option);
        });
        wrap.append(select);
        form.append(wrap);
        const body = field('prop-timer', '計時設定（ISO 8601，或如 ${deadlines.workingDaysFromNow(n)} 的運算式）',
          timer[current] ? timer[current].body : '', v => setTimer(element, select.value, v));
        select.addEventListener('change', () => setTimer(element, select.value, body.value));
      }
      propertyEntries(bo).filter(p => p.name && p.name.startsWith('kuayu.') && !known.includes(p.name)).forEach(p =>
        field(slug(p.name), p.name, p.value, v => setProperty(element, p.name, v)));
      if (form.children.length === 1 && !is(bo, 'bpmn:FlowNode')) {
        form.append(el('p', '此元素沒有 Kuayu 需要設定的屬性。', {'class': 'muted'}));
      }
    }

    modeler.on('selection.changed', event => {
      selected = event.newSelection.length === 1 ? event.newSelection[0] : null;
      render();
    });
    modeler.on('elements.changed', event => {
      if (selected && event.elements.some(e => e === selected || e.id === selected.id)) render();
    });
    modeler.on('import.done', () => {
      selected = null;
      render();
    });
  }

  window.KuayuPanel = {attach};
})();
