package org.margindesk.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row per start of a Margin Desk instance against this database. */
@Entity
@Table(name = "service_instance")
public class ServiceInstanceEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "started_at", nullable = false)
  public Instant startedAt;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String version;
}
