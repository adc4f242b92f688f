trigger HealthIntakeTrigger on Health_Intake__c(
    before insert,
    after insert,
    after update,
    after delete,
    after undelete
) {
    HealthIntakeTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
