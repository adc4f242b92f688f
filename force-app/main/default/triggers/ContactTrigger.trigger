trigger ContactTrigger on Contact(after insert, after update, after delete, after undelete) {
    ContactTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
