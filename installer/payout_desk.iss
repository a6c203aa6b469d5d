; Inno Setup script for the Windows installer of Payout Desk.
; 1. On Windows, from the repository root:
;      py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[build]"
;      .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\payout_desk.spec
;      dist\payout-desk\payout-desk-cli.exe --self-test
; 2. Compile this script with Inno Setup 6 (iscc installer\payout_desk.iss):
;      the installer is written to dist\PayoutDesk-<version>-setup.exe.
; Per-user install (no administrator rights needed); the stores in %LOCALAPPDATA%\PayoutDesk are
; never touched by installing, upgrading or uninstalling.

#define AppName "Payout Desk"
#define AppVersion "0.1.0"
#define AppExe "payout-desk.exe"

[Setup]
AppId={{6E1C4D0B-2F5A-4C7E-9B61-8D3A0F7C5E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Payout Desk
DefaultDirName={autopf}\Payout Desk
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=PayoutDesk-{#AppVersion}-setup
SetupIconFile=..\build\payout-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\payout-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} (demo store)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
