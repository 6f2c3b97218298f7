import { Construct } from "constructs";
import { BillingBudget } from "@cdktf/provider-google/lib/billing-budget";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { TerraformProvider } from "cdktf";

export interface GcpBudgetProps {
  readonly name: string;
  readonly billingAccount: string;
  readonly monthly: number;
  readonly alerts: readonly number[];
  readonly notify: readonly string[];
  /** The label (key and value) the budget counts. */
  readonly label: { readonly key: string; readonly value: string };
  /** The provider the budget is made with: one that bills its quota to a project. @default the stack's */
  readonly provider?: TerraformProvider;
}

/** A monthly budget over the resources labelled with one cluster; alerts go to e-mail channels. */
export class GcpBudget extends Construct {
  constructor(scope: Construct, id: string, props: GcpBudgetProps) {
    super(scope, id);
    const channels = props.notify.map((email, i) => {
      const c = new MonitoringNotificationChannel(this, `channel-${i}`, { displayName: `${props.name} budget: ${email}`, type: "email", labels: { email_address: email } });
      c.overrideLogicalId(`budget_channel_${i}`);
      return c;
    });
    const b = new BillingBudget(this, "Resource", {
      provider: props.provider,
      billingAccount: props.billingAccount,
      displayName: props.name,
      amount: { specifiedAmount: { currencyCode: "USD", units: String(props.monthly) } },
      budgetFilter: { labels: { [props.label.key]: props.label.value } },
      thresholdRules: [
        ...props.alerts.map((pct) => ({ thresholdPercent: pct / 100, spendBasis: "CURRENT_SPEND" })),
        { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
      ],
      allUpdatesRule: { monitoringNotificationChannels: channels.map((c) => c.id), disableDefaultIamRecipients: false },
    });
    b.overrideLogicalId("budget");
  }
}
