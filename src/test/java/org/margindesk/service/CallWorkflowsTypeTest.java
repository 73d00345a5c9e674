package org.margindesk.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import org.junit.jupiter.api.Test;
import org.margindesk.workflow.MarginCallWorkflow;

class CallWorkflowsTypeTest {
  @Test
  void givenTheWorkflowInterface_whenItsTypeIsRead_thenTheUntypedStartsAndTheListingUseTheSame() {
    String registered =
        POJOWorkflowInterfaceMetadata.newInstance(MarginCallWorkflow.class)
            .getWorkflowMethod()
            .orElseThrow()
            .getName();

    assertThat(CallWorkflows.WORKFLOW_TYPE).isEqualTo(registered);
  }
}
