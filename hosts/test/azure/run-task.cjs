// The script MockTestRunner spawns: run a bundled task (DEVPLAT_TASK_JS) with the inputs
// in DEVPLAT_TASK_INPUTS (JSON). `run(true)`: the bundle carries its own task-lib, so
// nothing is mocked; the task runs as the agent would run it.
const path = require('node:path');
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');

const runner = new TaskMockRunner(path.resolve(process.env.DEVPLAT_TASK_JS));
for (const [name, value] of Object.entries(JSON.parse(process.env.DEVPLAT_TASK_INPUTS || '{}'))) {
  runner.setInput(name, value);
}
runner.run(true);
