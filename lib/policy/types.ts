/** The parts of policies.kyverno.io/v1 objects the synth-time engine reads, as rendered. */

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; readonly values?: readonly string[] }[];
}

export interface ResourceRule {
  readonly apiGroups?: readonly string[];
  readonly apiVersions?: readonly string[];
  readonly operations?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface MatchConstraints {
  readonly resourceRules?: readonly ResourceRule[];
  readonly excludeResourceRules?: readonly ResourceRule[];
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
}

export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

export interface Validation {
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

export interface ValidatingPolicy {
  readonly apiVersion: string;
  readonly kind: "ValidatingPolicy";
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly matchConstraints?: MatchConstraints;
    readonly matchConditions?: readonly NamedExpression[];
    readonly variables?: readonly NamedExpression[];
    readonly validations?: readonly Validation[];
    readonly validationActions?: readonly string[];
    readonly autogen?: { readonly podControllers?: { readonly controllers?: readonly string[] } };
  };
}

export interface PolicyException {
  readonly kind: "PolicyException";
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly policyRefs: readonly { readonly name: string; readonly kind: string }[];
    readonly matchConditions?: readonly NamedExpression[];
    readonly images?: readonly string[];
    readonly allowedValues?: readonly string[];
  };
}

/** A Kubernetes object as JSON. */
export interface Resource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [key: string]: unknown;
}
