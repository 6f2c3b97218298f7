import { Construct } from "constructs";
import { ConsumptionBudgetSubscription } from "@cdktf/provider-azurerm/lib/consumption-budget-subscription";
import { Fn } from "cdktf";

export interface AzureBudgetProps {
  readonly name: string;
  readonly subscription: string;
  readonly monthly: number;
  readonly alerts: readonly number[];
  readonly notify: readonly string[];
  /** The tag (name and value) the budget counts: the cluster's, which AKS also puts on its node resources. */
  readonly tag: { readonly name: string; readonly value: string };
}

/** A monthly budget over the resources tagged with one cluster, with actual and forecast alerts. */
export class AzureBudget extends Construct {
  constructor(scope: Construct, id: string, props: AzureBudgetProps) {
    super(scope, id);
    const b = new ConsumptionBudgetSubscription(this, "Resource", {
      name: props.name,
      subscriptionId: `/subscriptions/${props.subscription}`,
      amount: props.monthly,
      timeGrain: "Monthly",
      // Azure wants the first day of the current month; it is computed at apply and never changed after.
      timePeriod: { startDate: Fn.formatdate("YYYY-MM-01'T'00:00:00Z", Fn.timestamp()) },
      filter: { tag: [{ name: props.tag.name, values: [props.tag.value] }] },
      notification: [
        ...props.alerts.map((threshold) => ({ enabled: true, threshold, operator: "GreaterThan", thresholdType: "Actual", contactEmails: [...props.notify] })),
        { enabled: true, threshold: 100, operator: "GreaterThan", thresholdType: "Forecasted", contactEmails: [...props.notify] },
      ],
      lifecycle: { ignoreChanges: ["time_period"] },
    });
    b.overrideLogicalId("budget");
  }
}
