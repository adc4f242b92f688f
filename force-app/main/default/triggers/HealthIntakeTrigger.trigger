trigger HealthIntakeTrigger on Health_Intake__c(after insert, after update, after delete, after undelete) {
    HealthIntakeTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
