trigger PrescriptionTrigger on Prescription__c(after insert, after update, after delete, after undelete) {
    PrescriptionTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
