trigger PhiAccessEventTrigger on PHI_Access_Event__e(after insert) {
    PhiAccessEventTriggerHandler.afterInsert();
}
