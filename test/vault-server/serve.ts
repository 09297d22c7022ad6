// Former name of the CLI; kept so existing scripts keep working. Use main.ts.
import './main.ts'
