@req:SPOR-7.3-FELLISTA @sim-only
Feature: Fellista – registreringar som följer formatet men inte reglerna
  "Behandlingar som skickas in som följer formatet, men inte uppsatta regler läggs in i
  SPOR. Till exempel får operationsslut inte vara före operationsstart. [...] Under
  Fellista i registret, visas en lista med registreringarna och orsak till felet. [...]
  För att SPOR ska få de åtgärdade registreringarna måste datas skickas om." (§7.3)

  The Fellista is a page in the registry behind a SITHS login; these scenarios read the
  simulator's copy of it through its control API, so they run only against a simulator.
  The guide's example is operationsslut before operationsstart; that the reason names the
  variable is konform's reading.

  Background:
    Given a unit known to SPOR

  Rule: En registrering som följer formatet men inte reglerna sparas, får OK och hamnar på Fellistan

    Scenario: SPOR sparar en registrering där operationsslut är före operationsstart och visar den på Fellistan
      Given the registration of behandlingsnummer 2200054 with operationsslut "2022-04-13T12:00:00+01:00"
      When the registration is sent
      Then SPOR answers OK for behandlingsnummer 2200054
      And behandlingsnummer 2200054 is on the Fellista with a reason naming "Operationsslut"

    Scenario: SPOR sparar och listar varje genererad registrering vars tidpunkter kommer i fel ordning
      Then SPOR answers every generated registration that breaks the rule as the guide allows

  Rule: Registreringen lämnar Fellistan först när en åtgärdad registrering skickas om

    Scenario: SPOR tar bort registreringen från Fellistan när den åtgärdade registreringen skickas om
      Given SPOR has stored the registration of behandlingsnummer 2200054 with operationsslut "2022-04-13T12:00:00+01:00"
      When the registration is sent again with operationsslut "2022-04-13T15:02:00+01:00"
      Then behandlingsnummer 2200054 is not on the Fellista

    Scenario: SPOR behåller registreringen på Fellistan när den skickas om utan att felet åtgärdats
      Given SPOR has stored the registration of behandlingsnummer 2200054 with operationsslut "2022-04-13T12:00:00+01:00"
      When the registration is sent again with kommentar "Omplanerad"
      Then behandlingsnummer 2200054 is on the Fellista with a reason naming "Operationsslut"
