// A worker of the Apex pool that fails as it starts: the pool's thread must read every file itself.
throw new Error('this worker fails on start');
