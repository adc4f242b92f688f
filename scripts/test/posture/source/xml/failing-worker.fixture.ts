// A worker of the XML pool that fails as it starts: the loader's thread must read every file itself.
throw new Error('this worker fails on start');
