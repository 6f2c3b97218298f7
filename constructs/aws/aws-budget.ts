import { Construct } from "constructs";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";

export interface AwsBudgetProps {
  readonly name: string;
  /** US dollars a month. */
  readonly monthly: number;
  /** Percentages of `monthly` that notify. */
  readonly alerts: readonly number[];
  readonly notify: readonly string[];
  /** The cost allocation tag and value the budget counts (the tag must be activated in Billing). */
  readonly tag: { readonly key: string; readonly value: string };
}

/** A monthly cost budget over the resources tagged with one cluster, with actual and forecast alerts. */
export class AwsBudget extends Construct {
  constructor(scope: Construct, id: string, props: AwsBudgetProps) {
    super(scope, id);
    const b = new BudgetsBudget(this, "Resource", {
      name: props.name,
      budgetType: "COST",
      limitAmount: String(props.monthly),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilter: [{ name: "TagKeyValue", values: [`user:${props.tag.key}$${props.tag.value}`] }],
      notification: [
        ...props.alerts.map((threshold) => ({
          comparisonOperator: "GREATER_THAN",
          threshold,
          thresholdType: "PERCENTAGE",
          notificationType: "ACTUAL",
          subscriberEmailAddresses: [...props.notify],
        })),
        { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberEmailAddresses: [...props.notify] },
      ],
    });
    b.overrideLogicalId("budget");
  }
}
