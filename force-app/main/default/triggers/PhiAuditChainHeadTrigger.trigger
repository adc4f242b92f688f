trigger PhiAuditChainHeadTrigger on PHI_Audit_Chain_Head__c(before insert, before update, before delete) {
    PhiAccessLogTriggerHandler.guardHead(Trigger.isDelete ? Trigger.old : Trigger.new);
}
