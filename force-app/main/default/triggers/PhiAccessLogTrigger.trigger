trigger PhiAccessLogTrigger on PHI_Access_Log__c(before insert, before update, before delete) {
    PhiAccessLogTriggerHandler.handle(Trigger.operationType, Trigger.isDelete ? Trigger.old : Trigger.new);
}
