trigger PhiAuditDeadLetterTrigger on PHI_Audit_Dead_Letter__c(before insert, before update, before delete) {
    PhiAccessLogTriggerHandler.guardDeadLetters(Trigger.isDelete ? Trigger.old : Trigger.new);
}
